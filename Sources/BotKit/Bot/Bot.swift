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
}

/// What a bot can do while handling a message.
public struct BotContext: Sendable {
    /// The joined room.
    public let room: ChatRoomSummary
    /// The endpoint the bot posts as.
    public let endpointUri: String
    public let logger: Logger
    /// The HTTP client for call-outs (libcurl; loopback and private targets refused unless allowed).
    public let http: CurlHTTPClient
    /// The message being handled; nil outside a handler call.
    public internal(set) var message: ChatMessage?
    let link: RoomLink
    /// How messages address the room's bots.
    let addressing: CommandAddressing
    /// The room's middleware.
    let middleware: MiddlewareChain
    /// The room's and the endpoint's outbound token buckets.
    let throttles: [OutboundThrottle]
    /// The room's replies not yet answered by the server, bounded.
    let window: ReplyWindow?
    /// Numbers this call's replies; nil outside a handler call.
    var replies: ReplyNumbering?
    /// Where the bot's values are kept, and whose they are.
    let store: BotStore
    let instanceScope: StorageScope
    let sharedScope: StorageScope
    /// What this call reads and writes in storage; nil outside a handler call.
    var storageCall: StorageCall?

    init(room: ChatRoomSummary, endpointUri: String, logger: Logger, http: CurlHTTPClient, link: RoomLink,
         addressing: CommandAddressing, middleware: MiddlewareChain, throttles: [OutboundThrottle], window: ReplyWindow? = nil,
         store: BotStore, instanceScope: StorageScope, sharedScope: StorageScope) {
        self.room = room
        self.endpointUri = endpointUri
        self.logger = logger
        self.http = http
        self.link = link
        self.addressing = addressing
        self.middleware = middleware
        self.throttles = throttles
        self.window = window
        self.store = store
        self.instanceScope = instanceScope
        self.sharedScope = sharedScope
    }

    /// The instance's own stored values (its room and its id there), kept across restarts (``BotStorage``).
    public var storage: BotStorage {
        BotStorage(scope: instanceScope, store: store, call: storageCall, scopes: [instanceScope, sharedScope])
    }

    /// Stored values shared by every instance of this bot's type in the host (``BotStorage``).
    public var sharedStorage: BotStorage {
        BotStorage(scope: sharedScope, store: store, call: storageCall, scopes: [instanceScope, sharedScope])
    }

    /// A new storage call for a handler call of this instance.
    func storageCallForHandler() -> StorageCall {
        StorageCall(store: store, scopes: [instanceScope, sharedScope])
    }

    /// Whether the host is in the room right now, or reconnecting.
    public var connectionState: BotConnectionState { link.connectionState }

    /// A key unique to this message and this bot instance, the same each time the message is handed over; use it to
    /// make a call-out idempotent. Nil outside a handler call.
    public var deliveryKey: String? { replies?.key }

    /// Posts to the room and returns once the post is queued, in order, without waiting for the server to store it.
    ///
    /// While the host reconnects the reply waits for the room to be back (the handler's timeout still applies).
    /// Each reply carries an id derived from the message and its place among the call's replies, so a message
    /// handed over again after a crash does not post its replies twice.
    ///
    /// Await ``QueuedChatMessage/acknowledged()`` on the result for the stored id. A refusal is logged whether or
    /// not the bot awaits it.
    ///
    /// Outbound middleware sees the reply first (``ReplyHeldBack`` is thrown if one holds it back); then it waits
    /// for the room's and the endpoint's outbound token buckets (host.yaml `outbound`), so the host never floods, and
    /// for a place among the room's replies the server has not answered yet (host.yaml `queues.replies`).
    @discardableResult
    public func reply(_ text: String, alert: Bool = false) async throws -> QueuedChatMessage {
        guard let reply = try await middleware.outbound(OutboundReply(text: text, alert: alert), context: self) else {
            throw ReplyHeldBack()
        }
        let clientMessageId = replies?.next()
        for throttle in throttles { try await throttle.acquire() }
        try await window?.acquire()
        let queued: QueuedChatMessage
        do {
            let session = try await link.session()
            queued = try await session.queueChatMessage(reply.text, alert: reply.alert, clientMessageId: clientMessageId)
        } catch {
            window?.release()
            throw error
        }
        replies?.track(queued)
        let logger = logger
        let window = window
        queued.whenAcknowledged { result in
            window?.release()
            if case .failure(let error) = result {
                logger.error("reply not stored", metadata: ["error": "\(error)"])
            }
        }
        return queued
    }
}
