import Foundation
import PersistentChat
import Synchronization

/// Whether a bot's room is reachable right now.
public enum BotConnectionState: Sendable, Equatable {
    /// The host is in the room.
    case connected
    /// The connection is gone; the host is reconnecting, and replies wait for it.
    case reconnecting
    /// The host is stopping the instance.
    case stopped
}

/// The host's current session in one room, which changes each time the endpoint reconnects. Bots reach the room
/// through it, so a reply made while the host reconnects waits for the new session instead of failing.
final class RoomLink: Sendable {
    private struct State {
        var session: ChatRoomSession?
        var stopped = false
        var waiters: [UUID: CheckedContinuation<ChatRoomSession, any Error>] = [:]
    }
    private let state = Mutex(State())

    /// The connection as bots see it.
    var connectionState: BotConnectionState {
        state.withLock { $0.stopped ? .stopped : $0.session == nil ? .reconnecting : .connected }
    }

    /// The room's current session, if the host is in the room.
    var current: ChatRoomSession? { state.withLock { $0.session } }

    /// Makes `session` the room's current one and wakes the replies waiting for it.
    func attach(_ session: ChatRoomSession) {
        let waiters = state.withLock { state in
            state.session = session
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(returning: session) }
    }

    /// The session is gone; replies wait until ``attach(_:)``.
    func detach() {
        state.withLock { $0.session = nil }
    }

    /// The host stops: waiting replies fail, and so do later ones.
    func stop() {
        let waiters = state.withLock { state in
            state.stopped = true
            state.session = nil
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume(throwing: CancellationError()) }
    }

    /// The current session, waiting for one while the host reconnects; throws `CancellationError` when the caller
    /// is cancelled (a handler past its timeout) or the host stops.
    func session() async throws -> ChatRoomSession {
        if let session = try state.withLock({ state throws -> ChatRoomSession? in
            if state.stopped { throw CancellationError() }
            return state.session
        }) { return session }
        let id = UUID()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<ChatRoomSession, any Error>) in
                let ready: Result<ChatRoomSession, any Error>? = state.withLock { state in
                    if state.stopped || Task.isCancelled { return .failure(CancellationError()) }
                    if let session = state.session { return .success(session) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
