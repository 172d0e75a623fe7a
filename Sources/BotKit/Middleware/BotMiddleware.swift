import PersistentChat

/// Code that runs around the bots without touching them: permissions, rate limits, an audit log.
///
/// Three stages, each with a default that lets everything through:
/// - ``inbound(_:context:)`` sees each message an instance is handed, before it is routed; it may drop it.
/// - ``around(_:context:next:)`` wraps each call of a command, a pattern or `handle`; it may refuse (not calling
///   `next`), time, or log it.
/// - ``outbound(_:context:)`` sees each reply before it is posted; it may change or hold it back.
///
/// Middleware is given to ``BotHost``; the room files' `permissions` and `rate_limits` add the built-in ones, which
/// run first.
public protocol BotMiddleware: Sendable {
    func inbound(_ message: ChatMessage, context: BotContext) async -> InboundVerdict
    func around(_ call: BotCall, context: BotContext, next: @Sendable () async throws -> Void) async throws
    func outbound(_ reply: OutboundReply, context: BotContext) async throws -> OutboundReply?
}

extension BotMiddleware {
    public func inbound(_ message: ChatMessage, context: BotContext) async -> InboundVerdict { .pass }
    public func around(_ call: BotCall, context: BotContext, next: @Sendable () async throws -> Void) async throws {
        try await next()
    }
    public func outbound(_ reply: OutboundReply, context: BotContext) async throws -> OutboundReply? { reply }
}

/// Whether a message goes on to the bot.
public enum InboundVerdict: Sendable, Equatable {
    case pass
    /// The bot does not see the message; the reason goes to the debug log.
    case drop(reason: String)
}

/// One call of a bot's code, as middleware sees it.
public struct BotCall: Sendable {
    /// What the message was routed to.
    public enum Route: Sendable, Equatable {
        /// A declared command, by its name (not the alias used).
        case command(String)
        /// A pattern, by its source.
        case pattern(String)
        /// The bot's `handle`.
        case message
    }

    public let message: ChatMessage
    public let route: Route
    /// The instance's name in its room (`id`, or `type#index`).
    public let bot: String
    public let botType: String
    /// The sender.
    public var sender: SIPURI { message.messageAuthor }
}

/// A reply on its way to the room.
public struct OutboundReply: Sendable, Equatable {
    /// The message's text (a story's body).
    public var text: String
    public var alert: Bool
    /// The story's title when the reply is a story; nil for a plain message.
    public var storyTitle: String?

    public init(text: String, alert: Bool, storyTitle: String? = nil) {
        self.text = text
        self.alert = alert
        self.storyTitle = storyTitle
    }
}

/// A reply that outbound middleware held back.
public struct ReplyHeldBack: Error, Sendable, CustomStringConvertible {
    public var description: String { "the reply was held back by outbound middleware" }
}
