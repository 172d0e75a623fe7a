import BotKit

/// Answers `!echo TEXT` with `TEXT`.
public struct EchoBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The command's name, without the room's prefix; default `echo`.
        public var command: String?
    }

    public static let typeName = "echo"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) throws {
        var commands = BotCommands()
        try commands.command(named: options.command ?? "echo", "<text...>", "Repeats the text.") { arguments, context in
            try await context.reply(arguments["text"] ?? "")
        }
        self.commands = commands
    }
}
