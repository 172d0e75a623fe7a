import NIOConcurrencyHelpers

/// A value that arrives later, awaited by any number of tasks.
final class Promise<Value: Sendable>: Sendable {
    private enum State {
        case waiting([CheckedContinuation<Value, Never>])
        case done(Value)
    }
    private let state = NIOLockedValueBox(State.waiting([]))

    init() {}

    /// Sets the value once; later calls are ignored.
    func fulfill(_ value: Value) {
        let waiters: [CheckedContinuation<Value, Never>] = state.withLockedValue { state in
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
                let ready: Value? = state.withLockedValue { state in
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
