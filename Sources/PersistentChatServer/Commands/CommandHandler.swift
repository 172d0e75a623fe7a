import PersistentChatProtocol

/// One command type's handler as the dispatch table keeps it: the typed handler behind a call that takes any command.
///
/// Made by ``core(_:_:)``, ``connection(_:_:)`` or ``opening(_:_:)``, each of which turns the handler's typed reply into
/// the reply frame for that command.
struct CommandHandler: Sendable {
    /// Runs a command of an established connection, replying (or not) on the connection.
    typealias Run = @Sendable (_ command: any ChatCommand, _ seq: Int, _ caller: Caller,
                               _ connection: inout ClientConnection) async throws(ErrorPayload) -> Void
    /// Runs the command that establishes a connection and replies to it.
    typealias Open = @Sendable (_ command: any ChatCommand, _ seq: Int,
                                _ connection: inout ClientConnection) async throws(ErrorPayload) -> Void

    /// When a connection may send the command.
    enum Stage: Sendable {
        /// First, and only first: it establishes the connection (a failure refuses the connection).
        case opening(Open)
        /// Once the connection is established.
        case established(Run)
    }

    /// The command type handled.
    let command: any ChatCommand.Type
    let stage: Stage

    /// A command answered from the server's shared state for the caller.
    static func core<Command: ChatCommand>(
        _ command: Command.Type,
        _ handle: @escaping @Sendable (Command, Caller, ServerCore) async throws(ErrorPayload) -> Command.Reply
    ) -> CommandHandler {
        CommandHandler(command: command, stage: .established { command, seq, caller, connection throws(ErrorPayload) in
            let reply = try await handle(try typed(command), caller, connection.core)
            connection.send(.reply(seq: seq, to: Command.self, reply))
        })
    }

    /// A command that uses the connection's own state (its joined rooms, its pending acknowledgements).
    static func connection<Command: ChatCommand>(
        _ command: Command.Type,
        _ handle: @escaping @Sendable (Command, _ seq: Int, Caller, ClientConnection) async throws(ErrorPayload) -> CommandOutcome<Command.Reply>
    ) -> CommandHandler {
        CommandHandler(command: command, stage: .established { command, seq, caller, connection throws(ErrorPayload) in
            switch try await handle(try typed(command), seq, caller, connection) {
            case .reply(let reply):
                connection.send(.reply(seq: seq, to: Command.self, reply))
            case .replyThenClose(let reply, let reason):
                connection.send(.reply(seq: seq, to: Command.self, reply))
                connection.close(.normalClosure, reason: reason)
            case .repliedLater:
                break
            }
        })
    }

    /// The command that establishes a connection.
    static func opening<Command: ChatCommand>(
        _ command: Command.Type,
        _ handle: @escaping @Sendable (Command, inout ClientConnection) async throws(ErrorPayload) -> Command.Reply
    ) -> CommandHandler {
        CommandHandler(command: command, stage: .opening { command, seq, connection throws(ErrorPayload) in
            let reply = try await handle(try typed(command), &connection)
            connection.send(.reply(seq: seq, to: Command.self, reply))
        })
    }

    /// The command as its own type (the table finds a handler by that type, so this holds).
    private static func typed<Command: ChatCommand>(_ command: any ChatCommand) throws(ErrorPayload) -> Command {
        guard let command = command as? Command else {
            throw ErrorPayload(.msgNotSupported, .unknownCommand, "the server does not handle '\(type(of: command).name)'")
        }
        return command
    }
}

/// What a connection-bound command leads to, beyond its reply data.
enum CommandOutcome<Reply: Sendable>: Sendable {
    /// The reply, now.
    case reply(Reply)
    /// The reply, then the connection closes normally with `reason`.
    case replyThenClose(Reply, reason: String)
    /// No reply now: it is sent later (a post is acknowledged by the committer once it is durable).
    case repliedLater
}
