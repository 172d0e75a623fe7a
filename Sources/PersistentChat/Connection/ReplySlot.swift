import NIOConcurrencyHelpers
import PersistentChatProtocol

/// Where the reply to one sent command lands: awaited now, later, or by nobody.
final class ReplySlot: Sendable {
    private enum State {
        case waiting([CheckedContinuation<RawReply, any Error>], observers: [@Sendable (Result<RawReply, PersistentChatError>) -> Void])
        case done(Result<RawReply, PersistentChatError>)
    }
    private let state = NIOLockedValueBox(State.waiting([], observers: []))

    /// Completes the slot once; later calls are ignored.
    func complete(_ result: Result<RawReply, PersistentChatError>) {
        let (waiters, observers) = state.withLockedValue { state -> ([CheckedContinuation<RawReply, any Error>], [@Sendable (Result<RawReply, PersistentChatError>) -> Void]) in
            guard case .waiting(let waiters, let observers) = state else { return ([], []) }
            state = .done(result)
            return (waiters, observers)
        }
        for waiter in waiters { waiter.resume(with: result.mapError { $0 as any Error }) }
        for observer in observers { observer(result) }
    }

    /// Calls `observer` with the outcome once there is one (at once if there already is).
    func observe(_ observer: @escaping @Sendable (Result<RawReply, PersistentChatError>) -> Void) {
        let done: Result<RawReply, PersistentChatError>? = state.withLockedValue { state in
            switch state {
            case .waiting(let waiters, var observers):
                observers.append(observer)
                state = .waiting(waiters, observers: observers)
                return nil
            case .done(let result):
                return result
            }
        }
        if let done { observer(done) }
    }

    /// The reply, or the error that ended the command.
    func value() async throws(PersistentChatError) -> RawReply {
        do {
            return try await withCheckedThrowingContinuation { continuation in
                let done: Result<RawReply, PersistentChatError>? = state.withLockedValue { state in
                    switch state {
                    case .waiting(var waiters, let observers):
                        waiters.append(continuation)
                        state = .waiting(waiters, observers: observers)
                        return nil
                    case .done(let result):
                        return result
                    }
                }
                if let done { continuation.resume(with: done.mapError { $0 as any Error }) }
            }
        } catch let error as PersistentChatError {
            throw error
        } catch {
            throw .connection("\(error)")
        }
    }
}

extension RawReply {
    /// The reply decoded as `Command`'s reply type; a reply that does not fit is a connection error naming the command.
    func reply<Command: ChatCommand>(to command: Command.Type) throws(PersistentChatError) -> Command.Reply {
        do {
            return try decode(Command.Reply.self)
        } catch {
            throw .connection("the server's reply to \(Command.name) could not be read: \(error)")
        }
    }
}
