import Synchronization

/// Posts of one connection still waiting for their acknowledgement, so the connection can wait for them before it
/// ends (and before it answers a terminate).
final class PendingAcks: Sendable {
    private let box = Mutex((count: 0, waiter: CheckedContinuation<Void, Never>?.none))

    /// A post was queued.
    func begin() { box.withLock { $0.count += 1 } }

    /// A post's acknowledgement (or refusal) was sent.
    func end() {
        let waiter: CheckedContinuation<Void, Never>? = box.withLock { state in
            state.count -= 1
            guard state.count == 0 else { return nil }
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Returns once every queued post has been answered.
    func drain() async {
        await withCheckedContinuation { continuation in
            let done = box.withLock { state -> Bool in
                if state.count == 0 { return true }
                state.waiter = continuation
                return false
            }
            if done { continuation.resume() }
        }
    }
}

/// Where the committer sends a post's acknowledgement: the poster's outbox, under the post's `seq`.
struct AckTarget: Sendable {
    let outbox: Outbox
    let seq: Int
    let pending: PendingAcks
}
