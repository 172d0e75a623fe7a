import CurlHTTP
import Logging
import YAMLConfig

/// Runs the configured bots: one endpoint per identity, one session per room file, one ordered queue per bot.
///
/// Each bot of a room sees the room's messages in order; a slow, failing or hung bot holds up only its own queue
/// (``BotSupervisor``).
public actor BotHost {
    private let configuration: HostConfiguration
    private let serverURL: String
    private let platform: CollaborationPlatform
    private let http: CurlHTTPClient
    private let logger: Logger
    private var endpoints: [String: PersistentChatEndpoint] = [:]
    private var sessions: [ChatRoomSession] = []
    private let clock: any BotClock
    private var pumps: [Task<Void, Never>] = []
    private var supervisors: [BotSupervisor] = []

    /// `clock` times handler calls and circuit-breaker cool-downs.
    public init(configuration: HostConfiguration, serverURL: String, platform: CollaborationPlatform, http: CurlHTTPClient,
                clock: any BotClock = SystemBotClock()) {
        self.configuration = configuration
        self.serverURL = serverURL
        self.platform = platform
        self.http = http
        self.clock = clock
        logger = platform.logger
    }

    /// Establishes every endpoint and joins every room; a refusal stops start-up with the file, key and reason.
    public func start() async throws(ConfigError) {
        for endpoint in configuration.endpoints {
            let identity = ApplicationEndpoint(platform: platform, ownerUri: endpoint.uri, password: endpoint.password)
            let chat = PersistentChatEndpoint(serverAddress: serverURL, endpoint: identity)
            do {
                try await chat.establish()
            } catch {
                await stop()
                throw ConfigError(file: endpoint.file, key: endpoint.key + ".uri",
                                  reason: "the server refused \(endpoint.uri): \(error)")
            }
            endpoints[endpoint.uri] = chat
            logger.info("endpoint established", metadata: ["endpoint": "\(endpoint.uri)"])
        }
        for room in configuration.rooms {
            guard let endpoint = endpoints[room.endpoint] else { continue }
            let session = ChatRoomSession(endpoint: endpoint)
            do {
                if let uri = ChatRoomURI(room.room) {
                    try await session.join(uri: uri, history: 0)
                } else {
                    try await session.join(name: room.room, history: 0)
                }
            } catch {
                await stop()
                throw ConfigError(file: room.file, key: "room", reason: "cannot join '\(room.room)' as \(room.endpoint): \(error)")
            }
            sessions.append(session)
            startPump(session: session, room: room)
            logger.info("joined room", metadata: ["room": "\(session.name)", "bots": "\(room.bots.map(\.typeName).joined(separator: ","))"])
        }
    }

    /// Names of the rooms the host has joined.
    public var joinedRooms: [String] { sessions.map(\.name) }

    /// Leaves every room, stops every bot instance (cancelling the calls under way) and terminates every endpoint.
    public func stop() async {
        for session in sessions where session.state == .established {
            try? await session.leave()
        }
        for pump in pumps { pump.cancel() }
        for pump in pumps { await pump.value }
        for supervisor in supervisors { await supervisor.stop() }
        for endpoint in endpoints.values { await endpoint.terminate() }
        sessions.removeAll()
        endpoints.removeAll()
        pumps.removeAll()
        supervisors.removeAll()
    }

    /// Names (`type#index`, per room) of the bot instances their circuit breaker has disabled.
    public var disabledBots: [String] { supervisors.filter(\.isDisabled).map(\.name) }

    /// Every bot instance's counts, in start-up order.
    public var statistics: [BotStatistics] { supervisors.map(\.statistics) }

    private func startPump(session: ChatRoomSession, room: HostConfiguration.Room) {
        let summary = ChatRoomSummary(chatRoomUri: session.chatRoomUri ?? ChatRoomURI(domain: "", id: .init()),
                                      name: session.name, description: session.description)
        var bots: [BotSupervisor] = []
        for (index, bot) in room.bots.enumerated() {
            let name = "\(bot.typeName)#\(index)"
            var botLogger = logger.with(room: session.name)
            botLogger[metadataKey: "bot"] = "\(name)"
            let context = BotContext(room: summary, endpointUri: room.endpoint, logger: botLogger, http: http, session: session)
            bots.append(BotSupervisor(name: name, instance: bot, context: context, clock: clock))
        }
        supervisors += bots
        let own = room.endpoint
        pumps.append(Task { [bots] in
            for await message in session.messages where message.messageAuthor.value != own {
                for bot in bots { bot.enqueue(message) }
            }
        })
    }
}
