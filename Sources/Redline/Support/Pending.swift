import Dispatch

/// A value being made on another thread, waited for where it is needed: work that does not
/// depend on the policy (loading a page's templates) runs while the policy is read and parsed,
/// whose first steps leave the other core idle.
public final class Pending<Value: Sendable>: @unchecked Sendable {
    private var result: Result<Value, any Error>?
    private let group = DispatchGroup()

    public init(_ work: @escaping @Sendable () throws -> Value) {
        group.enter()
        DispatchQueue.global().async {
            self.result = Result { try work() }
            self.group.leave()
        }
    }

    /// The value, once made (or the error making it threw).
    public func value() throws -> Value {
        group.wait()
        return try result!.get()
    }
}
