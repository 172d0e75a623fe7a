import Foundation
import Synchronization

/// The replies a room has posted that the server has not answered yet, bounded (host.yaml `queues.replies`): a
/// reply past the bound waits, in order, until the server answers an earlier one, so a bot that replies faster than
/// the server stores never piles replies up in the host.
final class ReplyWindow: Sendable {
    private struct State {
        var open: Int
        var waiters: [(id: UUID, continuation: CheckedContinuation<Void, any Error>)] = []
    }
    private let state: Mutex<State>

    /// A window of `limit` replies (at least 1).
    init(limit: Int) {
        state = Mutex(State(open: max(1, limit)))
    }

    /// Takes a place in the window, waiting for one when it is full; throws `CancellationError` when the caller is
    /// cancelled meanwhile (a handler past its timeout).
    func acquire() async throws {
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let ready: Result<Void, any Error>? = state.withLock { state in
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if state.open > 0, state.waiters.isEmpty {
                        state.open -= 1
                        return .success(())
                    }
                    state.waiters.append((id, continuation))
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Void, any Error>? in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Gives a place back (the server answered a reply, or it was never sent): the longest waiter takes it.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiters.isEmpty else {
                state.open += 1
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
