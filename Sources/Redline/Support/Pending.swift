import Dispatch
import Foundation

/// A value being made on another thread, waited for where it is needed: work that does not
/// depend on the rest (loading a page's templates, listing a long policy's changes) runs while
/// the policy is read and parsed.
///
/// On a thread of its own, not on Dispatch's pool: a Pending may be waited for from a pool
/// thread (a document parsed inside parallel work), and work queued behind threads that are all
/// waiting for it would never start.
public final class Pending<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let done = DispatchGroup()

    public init(_ work: @escaping @Sendable () throws -> Value) {
        done.enter()
        let thread = Thread {
            self.result = Result { try work() }
            self.done.leave()
        }
        thread.start()
    }

    /// The value, once made (or the error making it threw).
    public func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}
