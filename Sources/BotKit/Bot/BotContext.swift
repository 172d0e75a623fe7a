import CurlHTTP
import Foundation
import Logging
import PersistentChat

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
    /// The slot a cron schedule's run is for (``BotCommands/schedule(_:timeZone:_:missed:_:)``), earlier than ``now``
    /// when the run is late (the last slot missed while the host was down); nil outside a schedule's run.
    public internal(set) var scheduledSlot: Date?
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
    /// The host's keys for the instance: its schedules' last slots, its one-shot jobs, its open questions.
    let schedulesScope: StorageScope
    /// The runtime's clock: the wall clock schedules and jobs fall due by.
    let clock: any BotClock
    /// Whether the bot declares a job handler (``BotCommands/onJob(_:_:)``).
    let runsJobs: Bool
    /// Where the instance's open questions wait for their answers.
    let questions: QuestionDesk
    /// What this call reads and writes in storage; nil outside a handler call.
    var storageCall: StorageCall?
    /// The instance's metrics (replies by outcome); nil outside a host.
    let metrics: BotInstanceMetrics?

    init(room: ChatRoomSummary, endpointUri: String, logger: Logger, http: CurlHTTPClient, link: RoomLink,
         addressing: CommandAddressing, middleware: MiddlewareChain, throttles: [OutboundThrottle], window: ReplyWindow? = nil,
         store: BotStore, instanceScope: StorageScope, sharedScope: StorageScope, clock: any BotClock, runsJobs: Bool,
         metrics: BotInstanceMetrics? = nil) {
        self.metrics = metrics
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
        guard case .instance(let room, let bot) = instanceScope else { preconditionFailure("an instance scope is needed") }
        schedulesScope = .schedules(room: room, bot: bot)
        self.clock = clock
        self.runsJobs = runsJobs
        questions = QuestionDesk()
    }

    /// The scopes a call of the instance may take, in the order their locks are taken.
    var scopes: [StorageScope] { [instanceScope, schedulesScope, sharedScope] }

    /// The instance's own stored values (its room and its id there), kept across restarts (``BotStorage``).
    public var storage: BotStorage {
        BotStorage(scope: instanceScope, store: store, call: storageCall, scopes: scopes)
    }

    /// Stored values shared by every instance of this bot's type in the host (``BotStorage``).
    public var sharedStorage: BotStorage {
        BotStorage(scope: sharedScope, store: store, call: storageCall, scopes: scopes)
    }

    /// The host's keys for the instance, in this call when there is one.
    var schedulesStorage: BotStorage {
        BotStorage(scope: schedulesScope, store: store, call: storageCall, scopes: scopes)
    }

    /// The wall clock's date and time, as schedules and jobs read it (the harness's virtual clock in a test).
    public var now: Date { clock.wallTime }

    /// A new storage call for a handler call of this instance.
    func storageCallForHandler() -> StorageCall {
        StorageCall(store: store, scopes: scopes)
    }

    /// `uri`'s place in the room as the host last heard of it (display name, manager, presenter); nil when they are not
    /// in the room, or the host is not.
    public func participant(_ uri: SIPURI) -> ChatRoomParticipant? {
        link.current?.participants.first { $0.sipUri == uri }
    }

    /// The room's privacy (open, closed or secret) as the host last heard of it; nil when the host is not in the room.
    public var roomPrivacy: ChatRoomPrivacy? { link.current?.privacy }

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
        try await post(OutboundReply(text: text, alert: alert))
    }

    /// Posts a story (a title and a longer body, up to the server's story size) as ``reply(_:alert:)`` posts a
    /// message.
    @discardableResult
    public func reply(storyTitle: String, _ content: String, alert: Bool = false) async throws -> QueuedChatMessage {
        try await post(OutboundReply(text: content, alert: alert, storyTitle: storyTitle))
    }

    /// The room's last `count` messages, oldest first, as the server's history has them (at most its search limit).
    public func recentMessages(_ count: Int) async throws -> [ChatMessage] {
        try await link.session().getRecentChatHistory(count)
    }

    private func post(_ outbound: OutboundReply) async throws -> QueuedChatMessage {
        guard let reply = try await middleware.outbound(outbound, context: self) else {
            metrics?.repliesHeldBack.increment()
            throw ReplyHeldBack()
        }
        let clientMessageId = replies?.next()
        for throttle in throttles { try await throttle.acquire() }
        try await window?.acquire()
        let queued: QueuedChatMessage
        do {
            let session = try await link.session()
            if let title = reply.storyTitle {
                queued = try await session.queueChatMessage(storyTitle: title, content: reply.text, alert: reply.alert,
                                                            clientMessageId: clientMessageId)
            } else {
                queued = try await session.queueChatMessage(reply.text, alert: reply.alert, clientMessageId: clientMessageId)
            }
        } catch {
            window?.release()
            throw error
        }
        replies?.track(queued)
        let logger = logger
        let window = window
        let metrics = metrics
        queued.whenAcknowledged { result in
            window?.release()
            switch result {
            case .success:
                metrics?.repliesSent.increment()
            case .failure(let error):
                metrics?.repliesRefused.increment()
                logger.error("reply not stored", metadata: ["error": "\(error)"])
            }
        }
        return queued
    }
}
