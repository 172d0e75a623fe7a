import CurlHTTP
import Logging
import YAMLConfig

/// Runs the configured bots: one endpoint per identity, one session per room file, one ordered queue per bot.
///
/// Each bot of a room sees the room's messages in order; a slow bot holds up only its own queue.
public actor BotHost {
    private let configuration: HostConfiguration
    private let serverURL: String
    private let platform: CollaborationPlatform
    private let http: CurlHTTPClient
    private let logger: Logger
    private var endpoints: [String: PersistentChatEndpoint] = [:]
    private var sessions: [ChatRoomSession] = []
    private var tasks: [Task<Void, Never>] = []
    private var queues: [AsyncStream<ChatMessage>.Continuation] = []

    public init(configuration: HostConfiguration, serverURL: String, platform: CollaborationPlatform, http: CurlHTTPClient) {
        self.configuration = configuration
        self.serverURL = serverURL
        self.platform = platform
        self.http = http
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

    /// Leaves every room, terminates every endpoint and ends every bot task.
    public func stop() async {
        for session in sessions where session.state == .established {
            try? await session.leave()
        }
        for queue in queues { queue.finish() }
        for endpoint in endpoints.values { await endpoint.terminate() }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        sessions.removeAll()
        endpoints.removeAll()
        tasks.removeAll()
        queues.removeAll()
    }

    private func startPump(session: ChatRoomSession, room: HostConfiguration.Room) {
        let summary = ChatRoomSummary(chatRoomUri: session.chatRoomUri ?? ChatRoomURI(domain: "", id: .init()),
                                      name: session.name, description: session.description)
        var bots: [AsyncStream<ChatMessage>.Continuation] = []
        for (index, bot) in room.bots.enumerated() {
            var botLogger = logger.with(room: session.name)
            botLogger[metadataKey: "bot"] = "\(bot.typeName)#\(index)"
            let context = BotContext(room: summary, endpointUri: room.endpoint, logger: botLogger, http: http, session: session)
            let (stream, continuation) = AsyncStream.makeStream(of: ChatMessage.self)
            bots.append(continuation)
            queues.append(continuation)
            tasks.append(Task {
                for await message in stream {
                    do {
                        try await bot.handle(message, context)
                    } catch {
                        botLogger.error("handler failed", metadata: ["message": "\(message.messageId)", "error": "\(error)"])
                    }
                }
            })
        }
        let own = room.endpoint
        tasks.append(Task { [bots] in
            for await message in session.messages where message.messageAuthor.value != own {
                for bot in bots { bot.yield(message) }
            }
            for bot in bots { bot.finish() }
        })
    }
}
