import Dispatch

/// A fixed row of result slots that parallel work fills, one slot per task.
///
/// Why not an array: tasks on several threads writing one array would each trigger Swift's
/// exclusivity check on the whole array. Each task here writes only its own slot, and ``run``
/// returns only when every task has finished, so no slot is read while it is written.
final class ParallelSlots<Value: Sendable>: @unchecked Sendable {
    private let storage: UnsafeMutableBufferPointer<Value?>

    init(count: Int) {
        storage = .allocate(capacity: max(count, 1))
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    subscript(index: Int) -> Value? {
        get { storage[index] }
        set { storage[index] = newValue }
    }

    /// `first()` and `second()`: on two cores when `parallel` (work long enough to be worth a
    /// thread), else one after the other.
    static func both(parallel: Bool, _ first: @Sendable () -> Value, _ second: @Sendable () -> Value) -> (Value, Value) {
        guard parallel else { return (first(), second()) }
        let slots = ParallelSlots(count: 2)
        run(count: 2) { k in slots[k] = k == 0 ? first() : second() }
        return (slots[0]!, slots[1]!)
    }

    /// Runs `body` for 0..<count on every core and waits for all of them; one task runs inline.
    static func run(count: Int, _ body: @Sendable (Int) -> Void) {
        if count == 1 { body(0); return }
        DispatchQueue.concurrentPerform(iterations: count, execute: body)
    }
}
