import Synchronization

/// One lock per storage scope, held by a handler call from its first storage operation to its end, so that what a
/// call reads and writes is not changed under it by another call of the same bot (atomic read-modify-write).
final class ScopeLocks: Sendable {
    private struct Waiter {
        let id: Int
        let continuation: CheckedContinuation<Bool, Never>
    }

    private struct Held {
        var held = false
        var waiters: [Waiter] = []
    }

    private let locks = Mutex<(scopes: [StorageScope: Held], nextWaiter: Int)>(([:], 0))

    /// Waits until `scope` is free, then holds it and returns true; returns false, not holding it, when the task is
    /// cancelled while it waits.
    func acquire(_ scope: StorageScope) async -> Bool {
        let id = locks.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let now = locks.withLock { state -> Bool? in
                    if Task.isCancelled { return false }
                    if state.scopes[scope, default: Held()].held {
                        state.scopes[scope, default: Held()].waiters.append(Waiter(id: id, continuation: continuation))
                        return nil
                    }
                    state.scopes[scope, default: Held()].held = true
                    return true
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiter = locks.withLock { state -> Waiter? in
                guard let index = state.scopes[scope]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.scopes[scope]?.waiters.remove(at: index)
            }
            waiter?.continuation.resume(returning: false)
        }
    }

    /// Hands `scope` to the next waiter, or frees it.
    func release(_ scope: StorageScope) {
        let next = locks.withLock { state -> Waiter? in
            guard var held = state.scopes[scope] else { return nil }
            if held.waiters.isEmpty {
                state.scopes[scope] = nil
                return nil
            }
            let first = held.waiters.removeFirst()
            state.scopes[scope] = held
            return first
        }
        next?.continuation.resume(returning: true)
    }
}
