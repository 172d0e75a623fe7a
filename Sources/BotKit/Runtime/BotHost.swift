import CurlHTTP
import Hummingbird
import Logging
import PersistentChat
import ServiceHealth
import YAMLConfig

/// Runs the configured bots: one endpoint per identity, one session per room file, one ordered queue per bot.
///
/// Each bot of a room sees the room's messages in order; a slow, failing or hung bot holds up only its own queue
/// (``BotSupervisor``). A lost connection is re-established with backoff, and the rooms are caught up through
/// history from the ``HandledLedger``, so each message reaches each bot once. ``reload(_:)`` applies a new
/// configuration room by room, or refuses it whole.
package actor BotHost {
    var configuration: HostConfiguration
    private let serverURL: String
    private let platform: CollaborationPlatform
    private let http: CurlHTTPClient
    let logger: Logger
    private let clock: any BotClock
    private let middleware: [any BotMiddleware]
    var ledger: HandledLedger?
    /// The bots' stored values: in the ledger's database, or in memory without a ledger.
    var store: BotStore?
    /// By endpoint URI.
    var runners: [String: EndpointRunner] = [:]
    private var tasks: [Task<Void, Never>] = []
    /// By room file path.
    var rooms: [String: RoomRunner] = [:]
    private var serverThrottles: [String: OutboundThrottle] = [:]
    /// The last invitation considered per endpoint, when there is no ledger to keep it.
    var invitationCursor: [String: Int] = [:]
    /// Invited rooms being joined right now.
    var joiningInvited: Set<ChatRoomURI> = []
    private let webhookRoutes = WebhookRoutes()
    /// Set while a reload runs (reloads are applied one at a time) and once the host stops.
    private var reloading = false
    private var stopped = false
    private var webhookServer: HTTPListener?
    private var operationsServer: HTTPListener?
    /// What `/metrics` serves.
    package let metrics = HostMetrics()

    /// `clock` times handler calls, circuit-breaker cool-downs, rate limits and reconnect waits. `middleware` runs in
    /// every room, after the room file's permissions and rate limits.
    package init(configuration: HostConfiguration, serverURL: String, platform: CollaborationPlatform, http: CurlHTTPClient,
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
    package func start() async throws(ConfigError) {
        if let path = configuration.ledgerPath {
            do {
                ledger = try HandledLedger(path: path, logger: logger)
            } catch {
                throw ConfigError(file: configuration.sourceFile, key: "ledger", reason: "cannot open the ledger at \(path): \(error)")
            }
        }
        do {
            store = try BotStore(database: ledger?.database, limits: configuration.storage)
        } catch {
            throw ConfigError(file: configuration.sourceFile, key: "ledger", reason: "cannot open the bots' storage: \(error)")
        }
        if let settings = configuration.webhooks {
            do {
                webhookServer = try await WebhookServer.start(settings, routes: webhookRoutes, logger: logger)
            } catch {
                throw ConfigError(file: configuration.sourceFile, key: "webhooks.listen", reason: "\(error)")
            }
        }
        var established: [(HostConfiguration.Endpoint, PersistentChatEndpoint)] = []
        for endpoint in configuration.endpoints {
            let chat = makeEndpoint(endpoint)
            do {
                try await chat.establish()
            } catch {
                for (_, earlier) in established { await earlier.terminate() }
                await webhookServer?.stop()
                throw ConfigError(file: endpoint.file, key: endpoint.key + ".uri",
                                  reason: "the server refused \(endpoint.uri): \(error)")
            }
            established.append((endpoint, chat))
            logger.info("endpoint established", metadata: ["endpoint": "\(endpoint.uri)"])
        }
        var joined: [String: [(RoomRunner, ChatRoomSession?)]] = [:]
        for room in configuration.rooms {
            guard let endpoint = established.first(where: { $0.0.uri == room.endpoint })?.1 else { continue }
            do {
                let session = try await join(room, through: endpoint)
                let runner = try makeRunner(room, session: session)
                rooms[room.file] = runner
                joined[room.endpoint, default: []].append((runner, session))
            } catch {
                for (_, chat) in established { await chat.terminate() }
                for runner in rooms.values { await runner.stop() }
                rooms.removeAll()
                await webhookServer?.stop()
                throw error
            }
        }
        for (endpoint, chat) in established {
            for (runner, session) in await rejoinInvitedRooms(endpoint: endpoint.uri, through: chat) {
                joined[endpoint.uri, default: []].append((runner, session))
            }
        }
        for (endpoint, chat) in established {
            let runner = EndpointRunner(configuration: endpoint, first: chat, rooms: joined[endpoint.uri] ?? [],
                                        backoff: configuration.reconnect, clock: clock, logger: logger, metrics: metrics,
                                        whileConnected: { [self] connection in
                                            await intakeInvitations(endpoint: endpoint.uri, through: connection)
                                        }) { [serverURL, platform, trust = configuration.serverTrust] in
                PersistentChatEndpoint(serverAddress: serverURL,
                                       endpoint: ApplicationEndpoint(platform: platform, ownerUri: endpoint.uri, password: endpoint.password),
                                       serverTrust: trust)
            }
            runners[endpoint.uri] = runner
            tasks.append(Task { await runner.run() })
        }
        recordRunningConfiguration()
        try await startOperationsListener()
    }

    /// Serves `/metrics`, `/health` and `/ready` on host.yaml's `metrics.listen`, when it is given.
    private func startOperationsListener() async throws(ConfigError) {
        guard let settings = configuration.operations else { return }
        let router = Router()
        metrics.registry.addSampler { [weak self] in await self?.sampleHeldMetrics() }
        OperationsRoutes.add(to: router, metrics: metrics.registry) { [self] in await readinessProblems() }
        do {
            operationsServer = try await HTTPListener.start(router, host: settings.host, port: settings.port, logger: logger)
        } catch {
            await stop()
            throw ConfigError(file: configuration.sourceFile, key: "metrics.listen", reason: "\(error)")
        }
    }

    /// What keeps the host from being ready: each endpoint not connected and each configured room not joined.
    package func readinessProblems() -> [String] {
        let connected = Set(connectedEndpoints)
        var missing = configuration.endpoints.map(\.uri).filter { !connected.contains($0) }.map { "endpoint \($0): not connected" }
        for room in configuration.rooms where rooms[room.file]?.link.current == nil {
            missing.append("room \(room.room): not joined")
        }
        return missing
    }

    /// Sets the instances' queue depths, breaker states and lags for a scrape.
    private func sampleHeldMetrics() {
        metrics.setHeld(orderedRooms.flatMap(\.supervisors).map { ($0.statistics, $0.lag) })
    }

    /// The port of the operations listener (`/metrics`, `/health`, `/ready`), when host.yaml has `metrics`.
    package var operationsPort: Int? { operationsServer?.port }

    private func recordRunningConfiguration() {
        if let error = RunningRecordFile.write(configuration) {
            logger.warning("cannot record the running configuration for --dry-run", metadata: ["error": "\(error)"])
        }
    }

    /// Applies a new configuration, after checking it whole: rooms whose file is new are joined, rooms whose file is
    /// gone are left, rooms whose file changed restart their bots (from the ledger: nothing is missed or repeated),
    /// and every other room runs on untouched.
    ///
    /// Nothing is changed when the new configuration changes host settings (server, endpoints, ledger, storage, reconnect,
    /// outbound; those need a restart) or a new room cannot be joined: the error says why, and the running
    /// configuration stays.
    @discardableResult
    package func reload(_ new: HostConfiguration) async throws(ConfigError) -> ReloadPlan {
        guard !stopped else { throw ConfigError(file: new.sourceFile, key: "", reason: "the host is stopping") }
        guard !reloading else {
            throw ConfigError(file: new.sourceFile, key: "", reason: "another reload is under way; the running configuration is unchanged")
        }
        reloading = true
        defer { reloading = false }
        let plan = ReloadPlan(from: configuration, to: new)
        if let key = plan.hostChanges.first {
            throw ConfigError(file: new.sourceFile, key: key,
                              reason: "changed, and that needs a restart of bothost; the running configuration is unchanged")
        }
        let incoming = Dictionary(new.rooms.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        // Join the new rooms first: a refusal leaves everything as it was.
        var sessions: [String: ChatRoomSession] = [:]
        for step in plan.rooms where step.change == .start {
            guard let room = incoming[step.file] else { continue }
            do throws(ConfigError) {
                guard let endpoint = runners[room.endpoint]?.endpoint, endpoint.state == .established else {
                    throw ConfigError(file: room.file, key: "endpoint", reason: "\(room.endpoint) is reconnecting; try the reload again")
                }
                sessions[step.file] = try await join(room, through: endpoint)
            } catch {
                for session in sessions.values { try? await session.leave() }
                throw error
            }
        }
        if stopped {
            for session in sessions.values { try? await session.leave() }
            throw ConfigError(file: new.sourceFile, key: "", reason: "the host is stopping")
        }
        // Where each stopped room stood, for its restart.
        var stoppedRooms: [String: (summary: ChatRoomSummary, newest: Int64)] = [:]
        for step in plan.rooms where step.change != .start {
            guard let old = rooms.removeValue(forKey: step.file) else { continue }
            _ = await runners[old.configuration.endpoint]?.remove(file: step.file)
            await old.stop()
            // With a ledger each instance resumes from its record; without one, from the lowest finished message, so
            // what was queued but not handled is caught up.
            let resume = ledger == nil ? (old.supervisors.map(\.watermark).min() ?? old.newestSeen) : old.newestSeen
            stoppedRooms[step.file] = (old.summary, resume)
            logger.notice("room stopped for a reload", metadata: ["room": "\(old.summary.name)", "file": "\(step.file)"])
        }
        // The restarted instances read their place from the ledger.
        await flushLedger()
        configuration = new
        for step in plan.rooms where step.change != .stop {
            guard let room = incoming[step.file], let runner = runners[room.endpoint] else { continue }
            do {
                let made: RoomRunner
                if let session = sessions[step.file] {
                    made = try makeRunner(room, session: session)
                } else if let before = stoppedRooms[step.file] {
                    made = try makeRunner(room, summary: before.summary, newest: before.newest)
                } else {
                    continue
                }
                rooms[step.file] = made
                runner.add(made, joined: sessions[step.file])
                logger.notice("room \(step.change.rawValue)ed by a reload", metadata: ["room": "\(room.room)", "bots": "\(room.instanceNames.joined(separator: ","))"])
            } catch {
                if let session = sessions[step.file] { try? await session.leave() }
                logger.error("a reloaded room could not start; its bots stay stopped", metadata: ["file": "\(step.file)", "error": "\(error)"])
            }
        }
        recordRunningConfiguration()
        return plan
    }

    /// Names of the rooms the host is in right now.
    package var joinedRooms: [String] {
        rooms.values.compactMap { $0.link.current?.name }.sorted()
    }

    /// The endpoints that are connected right now, by SIP URI.
    package var connectedEndpoints: [String] {
        runners.values.filter { $0.endpoint?.state == .established }.map(\.configuration.uri).sorted()
    }

    /// The port of the webhook listener, when host.yaml has `webhooks`.
    package var webhookPort: Int? { webhookServer?.port }

    /// The configuration the host runs now.
    package var runningConfiguration: HostConfiguration { configuration }

    /// Leaves every room, stops every bot instance (cancelling the calls under way) and terminates every endpoint.
    package func stop() async {
        stopped = true
        // The listener first: a webhook call under way is answered before its bot goes.
        await webhookServer?.stop()
        webhookServer = nil
        await operationsServer?.stop()
        operationsServer = nil
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        for runner in runners.values { await runner.endpoint?.terminate() }
        for room in orderedRooms { await room.stop() }
        await flushLedger()
        if !tasks.isEmpty { RunningRecordFile.remove(for: configuration) }
        tasks.removeAll()
        runners.removeAll()
        rooms.removeAll()
    }

    /// Names (`type#index`, per room) of the bot instances their circuit breaker has disabled.
    package var disabledBots: [String] { orderedRooms.flatMap(\.supervisors).filter(\.isDisabled).map(\.name) }

    /// Every bot instance's counts, in the rooms' file order.
    package var statistics: [BotStatistics] { orderedRooms.flatMap(\.supervisors).map(\.statistics) }

    /// The storage of the `index`th bot of the room named `room` and its type's shared storage, as its handlers see
    /// them outside a call (each operation written at once); nil when the room or the bot is not there.
    package func storage(ofBotAt index: Int, inRoomNamed room: String) -> (own: BotStorage, shared: BotStorage)? {
        guard let runner = orderedRooms.first(where: { $0.summary.name == room }), runner.supervisors.indices.contains(index) else {
            return nil
        }
        return runner.supervisors[index].storage
    }

    var orderedRooms: [RoomRunner] { rooms.keys.sorted().compactMap { rooms[$0] } }

    private func flushLedger() async {
        do {
            try await ledger?.flush()
        } catch {
            logger.error("the ledger could not be written", metadata: ["error": "\(error)"])
        }
    }

    private func makeEndpoint(_ endpoint: HostConfiguration.Endpoint) -> PersistentChatEndpoint {
        PersistentChatEndpoint(serverAddress: serverURL,
                               endpoint: ApplicationEndpoint(platform: platform, ownerUri: endpoint.uri, password: endpoint.password),
                               serverTrust: configuration.serverTrust)
    }

    /// Joins a room file's room with its newest message, for the ledger's first start.
    private func join(_ room: HostConfiguration.Room, through endpoint: PersistentChatEndpoint) async throws(ConfigError) -> ChatRoomSession {
        let session = ChatRoomSession(endpoint: endpoint)
        do {
            if let uri = ChatRoomURI(room.room) {
                try await session.join(uri: uri, history: 1)
            } else {
                try await session.join(name: room.room, history: 1)
            }
        } catch {
            throw ConfigError(file: room.file, key: "room", reason: "cannot join '\(room.room)' as \(room.endpoint): \(error)")
        }
        logger.info("joined room", metadata: ["room": "\(LogText.escaped(session.name))", "bots": "\(room.instanceNames.joined(separator: ","))"])
        return session
    }

    func makeRunner(_ room: HostConfiguration.Room, session: ChatRoomSession) throws(ConfigError) -> RoomRunner {
        guard let uri = session.chatRoomUri else {
            throw ConfigError(file: room.file, key: "room", reason: "the server's join reply named no room")
        }
        let summary = ChatRoomSummary(chatRoomUri: uri, name: session.name, description: session.description)
        let runner = try makeRunner(room, summary: summary, newest: session.joinHistory.last?.messageId ?? 0)
        runner.link.attach(session)
        return runner
    }

    /// The room's bot instances, each starting where the ledger has it (or, the first time, after `newest`, the
    /// room's newest message: old backlog is never replayed).
    private func makeRunner(_ room: HostConfiguration.Room, summary: ChatRoomSummary, newest: Int64) throws(ConfigError) -> RoomRunner {
        let link = RoomLink()
        let roomLogger = logger.with(room: summary.name)
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
        let window = ReplyWindow(limit: configuration.queues.replies)
        var supervisors: [BotSupervisor] = []
        for bot in room.bots {
            var botLogger = roomLogger
            botLogger[metadataKey: "bot"] = "\(bot.name)"
            guard let store else { throw ConfigError(file: room.file, key: "room", reason: "the host has not started") }
            let instanceMetrics = metrics.instance(room: summary.name, bot: bot.name)
            let observedHTTP = http.observed { status, duration in
                instanceMetrics.httpCall(status: status.map(String.init) ?? "error", duration: duration)
            }
            let context = BotContext(room: summary, endpointUri: room.endpoint, logger: botLogger, http: observedHTTP, link: link,
                                     addressing: room.addressing, middleware: middleware, throttles: throttles, window: window,
                                     store: store, instanceScope: .instance(room: summary.chatRoomUri.description, bot: bot.name),
                                     sharedScope: .shared(type: bot.typeName), clock: clock,
                                     runsJobs: bot.commands.jobHandler != nil, metrics: instanceMetrics)
            let binding = ledger.map { LedgerBinding(ledger: $0, room: summary.chatRoomUri.description) }
            let start: HandledLedger.Entry
            do {
                start = try binding.map { try $0.ledger.open(room: $0.room, bot: bot.name, startingAfter: newest) }
                    ?? HandledLedger.Entry(watermark: newest, handledAbove: [])
            } catch {
                for supervisor in supervisors { Task { await supervisor.stop() } }
                throw ConfigError(file: room.file, key: "room", reason: "the ledger cannot be read for \(bot.name): \(error)")
            }
            supervisors.append(BotSupervisor(name: bot.name, instance: bot, context: context, clock: clock, start: start, ledger: binding,
                                             bounds: configuration.queues, metrics: instanceMetrics))
        }
        return RoomRunner(configuration: room, summary: summary, newest: newest, link: link, supervisors: supervisors, logger: roomLogger,
                          routes: webhookRoutes)
    }
}
