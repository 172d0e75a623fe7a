import Synchronization

/// One lock per storage scope, held by a handler call from its first storage operation to its end, so that what a
/// call reads and writes is not changed under it by another call of the same bot (atomic read-modify-write).
final class ScopeLocks: Sendable {
    private struct Held {
        var held = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let locks = Mutex<[StorageScope: Held]>([:])

    /// Waits until `scope` is free, then holds it.
    func acquire(_ scope: StorageScope) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = locks.withLock { locks -> Bool in
                if locks[scope, default: Held()].held {
                    locks[scope, default: Held()].waiters.append(continuation)
                    return false
                }
                locks[scope, default: Held()].held = true
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// Hands `scope` to the next waiter, or frees it.
    func release(_ scope: StorageScope) {
        let next = locks.withLock { locks -> CheckedContinuation<Void, Never>? in
            guard var held = locks[scope] else { return nil }
            if held.waiters.isEmpty {
                locks[scope] = nil
                return nil
            }
            let first = held.waiters.removeFirst()
            locks[scope] = held
            return first
        }
        next?.resume()
    }
}
