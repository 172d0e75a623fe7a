import BotKit
import CurlHTTP
import Foundation
import HTTPTypes

/// Answers `!ask QUESTION` (and, by default, `@bot QUESTION`) through an OpenAI-compatible chat completions endpoint:
/// the question goes with a system prompt and the room's last messages (within a count and a character budget), and
/// the answer is posted, as a story when it is long. Off in secret rooms unless the room file allows it. A failure
/// (a timeout, 429, 5xx, an answer that cannot be read) is a short reply and a log line.
public struct AssistantBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The endpoint, e.g. `https://api.openai.com/v1/chat/completions` or `http://127.0.0.1:8080/v1/chat/completions`.
        public var url: String
        /// The model to ask, e.g. `gpt-4o-mini`.
        public var model: String
        /// The API key sent as a bearer token: `api_key_env` or `api_key_file` (none for a local server that needs none).
        public var api_key: Secret?
        /// What the model is told first; `{room}` is the room's name.
        public var system_prompt: String?
        /// How many of the room's last messages go with the question (default 20, 0 to 200).
        public var context_messages: Int?
        /// The most characters those messages may take in all, the newest kept (default 6000, 0 to 100000).
        public var context_characters: Int?
        /// The most tokens of an answer (default 800, 1 to 32000).
        public var max_tokens: Int?
        /// The sampling temperature, 0 to 2 (the service's default when not given).
        public var temperature: Double?
        /// Time allowed for an answer in seconds (default 25, at least 1 and less than the entry's `timeout`, 30 s by
        /// default: raise that for a slow model).
        public var timeout_seconds: Int?
        /// Answers longer than this many characters are posted as a story (default 600, 100 to 2000).
        public var story_after: Int?
        /// Whether the bot may answer in a secret room, sending its messages to the service (default false).
        public var allow_in_secret_rooms: Bool?
        /// Whether `@bot QUESTION` is a question too (default true).
        public var answer_mentions: Bool?
        /// The command's name without the prefix (default `ask`).
        public var command: String?
        /// Hosts that may resolve to loopback or private addresses (refused otherwise), e.g. a model served on this machine.
        public var allow_hosts: [String]?
    }

    public static let typeName = "assistant"
    public let commands: BotCommands

    /// The longest answer posted, in UTF-8 bytes (a story's body may have 64 KB by default).
    static let longestAnswerBytes = 60_000

    public init(options: Options, context: BotSetupContext) throws {
        let settings = try AssistantSettings(options, callTimeout: context.callTimeout)
        var commands = BotCommands()
        let command = options.command ?? "ask"
        try commands.command(named: command, text: "question", "Asks the assistant (\(options.model)); it sees the room's last messages.") {
            question, context in
            try await settings.answer(question, context: context)
        }
        if options.answer_mentions ?? true { commands.answerMentions(with: command) }
        self.commands = commands
    }
}
