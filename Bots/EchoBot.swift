import BotKit

/// Answers `!echo TEXT` with `TEXT`.
public struct EchoBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The command word; default `!echo`.
        public var prefix: String?
    }

    public static let typeName = "echo"
    let prefix: String

    public init(options: Options, context: BotSetupContext) throws {
        let prefix = options.prefix ?? "!echo"
        guard !prefix.isEmpty, !prefix.contains(where: \.isWhitespace) else {
            throw BotOptionError(key: "prefix", reason: "must be one word without spaces, got '\(prefix)'")
        }
        self.prefix = prefix
    }

    public func handle(_ message: ChatMessage, context: BotContext) async throws {
        guard let rest = CommandLineText.argument(of: message.messageContent, command: prefix) else { return }
        if rest.isEmpty {
            try await context.reply("usage: \(prefix) TEXT")
        } else {
            try await context.reply(rest)
        }
    }
}
