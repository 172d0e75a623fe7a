import Synchronization

/// A value that arrives later, awaited by any number of tasks; it may be fulfilled before anyone awaits it.
///
/// The server's one awaitable primitive: the committer hands each post's outcome through one, and room changes take
/// turns by awaiting the previous change's. Neither the standard library nor NIO has a one-shot value that tasks
/// await without an event loop, so this is built on `Mutex` and checked continuations.
final class Promise<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, Never>])
        case done(Value)
    }
    private let state = Mutex(State.waiting([]))

    init() {}

    /// Sets the value once; later calls are ignored.
    func fulfill(_ value: Value) {
        let waiters: [CheckedContinuation<Value, Never>] = state.withLock { state in
            guard case .waiting(let waiters) = state else { return [] }
            state = .done(value)
            return waiters
        }
        for waiter in waiters { waiter.resume(returning: value) }
    }

    /// Waits for the value.
    var value: Value {
        get async {
            await withCheckedContinuation { continuation in
                let ready: Value? = state.withLock { state in
                    switch state {
                    case .done(let value): return value
                    case .waiting(var waiters):
                        waiters.append(continuation)
                        state = .waiting(waiters)
                        return nil
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }
    }
}
