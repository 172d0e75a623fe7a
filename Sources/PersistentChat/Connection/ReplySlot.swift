import Synchronization
import PersistentChatProtocol

/// Where the reply to one sent command lands: awaited now, later, or by nobody.
final class ReplySlot: Sendable {
    private typealias Observer = @Sendable (Result<RawReply, PersistentChatError>) -> Void
    private enum State {
        case waiting([Observer])
        case done(Result<RawReply, PersistentChatError>)
    }
    private let state = Mutex(State.waiting([]))

    /// Completes the slot once; later calls are ignored.
    func complete(_ result: Result<RawReply, PersistentChatError>) {
        let observers = state.withLock { state -> [Observer] in
            guard case .waiting(let observers) = state else { return [] }
            state = .done(result)
            return observers
        }
        for observer in observers { observer(result) }
    }

    /// Calls `observer` with the outcome once there is one (at once if there already is).
    func observe(_ observer: @escaping @Sendable (Result<RawReply, PersistentChatError>) -> Void) {
        let done: Result<RawReply, PersistentChatError>? = state.withLock { state in
            switch state {
            case .waiting(var observers):
                observers.append(observer)
                state = .waiting(observers)
                return nil
            case .done(let result):
                return result
            }
        }
        if let done { observer(done) }
    }

    /// The reply, or the error that ended the command.
    func value() async throws(PersistentChatError) -> RawReply {
        let result = await withCheckedContinuation { continuation in
            observe { continuation.resume(returning: $0) }
        }
        return try result.get()
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
