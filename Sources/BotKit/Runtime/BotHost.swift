import CurlHTTP
import Logging
import YAMLConfig

/// Runs the configured bots: one endpoint per identity, one session per room file, one ordered queue per bot.
///
/// Each bot of a room sees the room's messages in order; a slow, failing or hung bot holds up only its own queue
/// (``BotSupervisor``). A lost connection is re-established with backoff, and the rooms are caught up through
/// history from the ``HandledLedger``, so each message reaches each bot once.
public actor BotHost {
    private let configuration: HostConfiguration
    private let serverURL: String
    private let platform: CollaborationPlatform
    private let http: CurlHTTPClient
    private let logger: Logger
    private let clock: any BotClock
    private var ledger: HandledLedger?
    private var runners: [EndpointRunner] = []
    private var tasks: [Task<Void, Never>] = []
    private var rooms: [RoomRunner] = []
    private let middleware: [any BotMiddleware]
    private var serverThrottles: [String: OutboundThrottle] = [:]

    /// `clock` times handler calls, circuit-breaker cool-downs, rate limits and reconnect waits. `middleware` runs in
    /// every room, after the room file's permissions and rate limits.
    public init(configuration: HostConfiguration, serverURL: String, platform: CollaborationPlatform, http: CurlHTTPClient,
                clock: any BotClock = SystemBotClock(), middleware: [any BotMiddleware] = []) {
        self.configuration = configuration
        self.serverURL = serverURL
        self.platform = platform
        self.http = http
        self.clock = clock
        self.middleware = middleware
        logger = platform.logger
    }

    /// Establishes every endpoint and joins every room; a refusal stops start-up with the file, key and reason.
    /// After that, lost connections are re-established on their own until ``stop()``.
    public func start() async throws(ConfigError) {
        if let path = configuration.ledgerPath {
            do {
                ledger = try HandledLedger(path: path, logger: logger)
            } catch {
                throw ConfigError(file: configuration.sourceFile, key: "ledger", reason: "cannot open the ledger at \(path): \(error)")
            }
        }
        var established: [(HostConfiguration.Endpoint, PersistentChatEndpoint)] = []
        for endpoint in configuration.endpoints {
            let chat = makeEndpoint(endpoint)
            do {
                try await chat.establish()
            } catch {
                for (_, earlier) in established { await earlier.terminate() }
                throw ConfigError(file: endpoint.file, key: endpoint.key + ".uri",
                                  reason: "the server refused \(endpoint.uri): \(error)")
            }
            established.append((endpoint, chat))
            logger.info("endpoint established", metadata: ["endpoint": "\(endpoint.uri)"])
        }
        var sessions: [String: [ChatRoomURI: ChatRoomSession]] = [:]
        for room in configuration.rooms {
            guard let endpoint = established.first(where: { $0.0.uri == room.endpoint })?.1 else { continue }
            let session = ChatRoomSession(endpoint: endpoint)
            do {
                if let uri = ChatRoomURI(room.room) {
                    try await session.join(uri: uri, history: 1)
                } else {
                    try await session.join(name: room.room, history: 1)
                }
                rooms.append(try makeRunner(room, session: session))
            } catch {
                for (_, chat) in established { await chat.terminate() }
                await stopInstances()
                throw ConfigError(file: room.file, key: "room", reason: "cannot join '\(room.room)' as \(room.endpoint): \(error)")
            }
            if let uri = session.chatRoomUri { sessions[room.endpoint, default: [:]][uri] = session }
            logger.info("joined room", metadata: ["room": "\(session.name)", "bots": "\(room.botTypes.joined(separator: ","))"])
        }
        for (endpoint, chat) in established {
            let runner = EndpointRunner(
                configuration: endpoint, first: chat, rooms: rooms.filter { $0.configuration.endpoint == endpoint.uri },
                backoff: configuration.reconnect, clock: clock, logger: logger
            ) { [serverURL, platform] in
                PersistentChatEndpoint(serverAddress: serverURL,
                                       endpoint: ApplicationEndpoint(platform: platform, ownerUri: endpoint.uri, password: endpoint.password))
            }
            runners.append(runner)
            let joined = sessions[endpoint.uri] ?? [:]
            tasks.append(Task { await runner.run(sessions: joined) })
        }
    }

    /// Names of the rooms the host is in right now.
    public var joinedRooms: [String] {
        rooms.compactMap { $0.link.current?.name }.sorted()
    }

    /// The endpoints that are connected right now, by SIP URI.
    public var connectedEndpoints: [String] {
        runners.filter { $0.endpoint?.state == .established }.map(\.configuration.uri)
    }

    /// Leaves every room, stops every bot instance (cancelling the calls under way) and terminates every endpoint.
    public func stop() async {
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        for runner in runners { await runner.endpoint?.terminate() }
        await stopInstances()
        do {
            try await ledger?.flush()
        } catch {
            logger.error("the ledger could not be written at stop", metadata: ["error": "\(error)"])
        }
        tasks.removeAll()
        runners.removeAll()
        rooms.removeAll()
    }

    /// Names (`type#index`, per room) of the bot instances their circuit breaker has disabled.
    public var disabledBots: [String] { rooms.flatMap(\.supervisors).filter(\.isDisabled).map(\.name) }

    /// Every bot instance's counts, in start-up order.
    public var statistics: [BotStatistics] { rooms.flatMap(\.supervisors).map(\.statistics) }

    private func stopInstances() async {
        for room in rooms {
            room.link.stop()
            for supervisor in room.supervisors { await supervisor.stop() }
        }
    }

    private func makeEndpoint(_ endpoint: HostConfiguration.Endpoint) -> PersistentChatEndpoint {
        PersistentChatEndpoint(serverAddress: serverURL,
                               endpoint: ApplicationEndpoint(platform: platform, ownerUri: endpoint.uri, password: endpoint.password))
    }

    /// The room's bot instances, each starting where the ledger has it (or, the first time, after the room's
    /// newest message: old backlog is never replayed).
    private func makeRunner(_ room: HostConfiguration.Room, session: ChatRoomSession) throws -> RoomRunner {
        guard let uri = session.chatRoomUri else { throw RoomJoinError.noRoomInReply }
        let summary = ChatRoomSummary(chatRoomUri: uri, name: session.name, description: session.description)
        let newest = session.joinHistory.last?.messageId ?? 0
        let link = RoomLink()
        link.attach(session)
        let roomLogger = logger.with(room: session.name)
        var chain: [any BotMiddleware] = []
        if let rules = room.permissions { chain.append(PermissionMiddleware(rules: rules, clock: clock)) }
        if !room.rateLimits.isEmpty { chain.append(RateLimitMiddleware(limits: room.rateLimits, clock: clock)) }
        let middleware = MiddlewareChain(middleware: chain + self.middleware)
        var throttles: [OutboundThrottle] = []
        if let rate = configuration.outboundPerRoom { throttles.append(OutboundThrottle(rate, clock: clock)) }
        if let rate = configuration.outboundPerServer {
            let shared = serverThrottles[room.endpoint] ?? OutboundThrottle(rate, clock: clock)
            serverThrottles[room.endpoint] = shared
            throttles.append(shared)
        }
        var supervisors: [BotSupervisor] = []
        for bot in room.bots {
            var botLogger = roomLogger
            botLogger[metadataKey: "bot"] = "\(bot.name)"
            let context = BotContext(room: summary, endpointUri: room.endpoint, logger: botLogger, http: http, link: link,
                                     addressing: room.addressing, middleware: middleware, throttles: throttles)
            let binding = ledger.map { LedgerBinding(ledger: $0, room: uri.description) }
            let start = try binding.map { try $0.ledger.open(room: $0.room, bot: bot.name, startingAfter: newest) }
                ?? HandledLedger.Entry(watermark: newest, handledAbove: [])
            supervisors.append(BotSupervisor(name: bot.name, instance: bot, context: context, clock: clock, start: start, ledger: binding))
        }
        return RoomRunner(configuration: room, uri: uri, link: link, supervisors: supervisors, logger: roomLogger)
    }
}

/// A join that succeeded without naming its room (a server fault).
enum RoomJoinError: Error, CustomStringConvertible {
    case noRoomInReply
    var description: String { "the server's join reply named no room" }
}
