import CurlHTTP
import Logging
import PersistentChat

/// A bot: a Swift type, configured per room in YAML, that handles the room's messages.
///
/// ```swift
/// struct Greeter: Bot {
///     struct Options: Decodable, Sendable { var greeting = "hello" }
///     static let typeName = "greeter"
///     let options: Options
///     let commands: BotCommands
///     init(options: Options, context: BotSetupContext) {
///         var commands = BotCommands()
///         commands.command("greet [<name>]", "Says hello.") { arguments, context in
///             try await context.reply("\(options.greeting) \(arguments["name"] ?? "everyone")")
///         }
///         self.commands = commands
///     }
/// }
/// ```
public protocol Bot: Sendable {
    /// The options a room file gives this bot (the keys beside `type`).
    associatedtype Options: Decodable & Sendable
    /// The name used as `type:` in room files.
    static var typeName: String { get }
    /// Creates an instance for one room; throw ``BotOptionError`` to refuse bad options.
    init(options: Options, context: BotSetupContext) throws
    /// The commands and patterns the bot answers (none by default); the host parses and routes them, and answers
    /// `!help` and usage errors from their declarations.
    var commands: BotCommands { get }
    /// Handles a message from the room that none of the bot's ``commands`` took (never one sent by the bot's own
    /// endpoint). Does nothing by default.
    func handle(_ message: ChatMessage, context: BotContext) async throws
    /// Handles an event of the room or of the instance's own life (``BotEvent``). Does nothing by default.
    func handle(_ event: BotEvent, context: BotContext) async throws
}

extension Bot {
    public var commands: BotCommands { BotCommands() }
    public func handle(_ message: ChatMessage, context: BotContext) async throws {}
    public func handle(_ event: BotEvent, context: BotContext) async throws {}
}

/// A refused option, named by its key.
public struct BotOptionError: Error, Sendable, CustomStringConvertible {
    public var key: String
    public var reason: String
    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }
    public var description: String { "\(key): \(reason)" }
}

/// What a bot learns when it is created.
public struct BotSetupContext: Sendable {
    /// The room the instance serves, by name or URI as configured.
    public let room: String
    /// The endpoint the instance posts as.
    public let endpointUri: String
    public let logger: Logger
    /// How long one call of the instance may run before it is cancelled (the room file's `timeout`, 30 s by default):
    /// a bot whose own waits (a call-out's timeout, say) must end within it.
    public internal(set) var callTimeout: Duration = SupervisionPolicy().timeout
}
