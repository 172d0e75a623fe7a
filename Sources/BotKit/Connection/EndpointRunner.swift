import Logging
import PersistentChat
import Synchronization

/// Keeps one endpoint connected for as long as the host runs: when the connection is lost it reconnects with
/// exponential backoff and jitter, forever, logging each attempt; then its rooms are joined again and caught up.
final class EndpointRunner: Sendable {
    let configuration: HostConfiguration.Endpoint
    private let makeEndpoint: @Sendable () -> PersistentChatEndpoint
    private let backoff: ReconnectBackoff
    private let clock: any BotClock
    private let logger: Logger
    private let metrics: HostMetrics?
    private let state: Mutex<State>
    /// Runs for as long as each connection lasts (the host's intake of invitations), cancelled when it ends.
    private let whileConnected: @Sendable (PersistentChatEndpoint) async -> Void

    private struct State {
        var endpoint: PersistentChatEndpoint?
        /// Rooms by their room file's path.
        var rooms: [String: RoomRunner] = [:]
        /// Each room's serving task on the current connection.
        var tasks: [String: Task<Void, Never>] = [:]
        /// Sessions already in their room, for the next serving task to use instead of joining.
        var joined: [String: ChatRoomSession] = [:]
    }

    /// `first` is the endpoint established at start-up; `rooms` come with their sessions from start-up's joins.
    init(configuration: HostConfiguration.Endpoint, first: PersistentChatEndpoint, rooms: [(RoomRunner, ChatRoomSession?)],
         backoff: ReconnectBackoff, clock: any BotClock, logger: Logger, metrics: HostMetrics? = nil,
         whileConnected: @escaping @Sendable (PersistentChatEndpoint) async -> Void = { _ in },
         makeEndpoint: @escaping @Sendable () -> PersistentChatEndpoint) {
        self.configuration = configuration
        self.whileConnected = whileConnected
        self.backoff = backoff
        self.clock = clock
        self.logger = logger
        self.metrics = metrics
        metrics?.reconnects(configuration.uri)
        self.makeEndpoint = makeEndpoint
        var state = State(endpoint: first)
        for (room, session) in rooms {
            state.rooms[room.configuration.file] = room
            state.joined[room.configuration.file] = session
        }
        self.state = Mutex(state)
    }

    /// The connected endpoint, if any.
    var endpoint: PersistentChatEndpoint? { state.withLock { $0.endpoint } }

    /// Serves the rooms through the first endpoint, then through each new connection, until the task is cancelled.
    func run() async {
        guard var endpoint = self.endpoint else { return }
        while !Task.isCancelled {
            startRooms(on: endpoint)
            let connected = Task { [whileConnected, endpoint] in await whileConnected(endpoint) }
            for await change in endpoint.stateChanges() where change == .terminated || change == .terminating { break }
            connected.cancel()
            await connected.value
            if !Task.isCancelled {
                for room in state.withLock({ Array($0.rooms.values) }) { room.connectionLost() }
            }
            await stopRoomTasks()
            // Stopping: the host terminates the endpoint (outside this cancelled task, so its goodbyes go out).
            guard !Task.isCancelled else { return }
            state.withLock { $0.endpoint = nil }
            logger.warning("connection lost; reconnecting", metadata: ["endpoint": "\(configuration.uri)"])
            metrics?.reconnecting(endpoint: configuration.uri)
            guard let next = await reconnect() else { return }
            endpoint = next
        }
    }

    /// Adds a room; it is served at once if the endpoint is connected (through `joined`, a session already in the
    /// room, if given), else after the next reconnect.
    func add(_ room: RoomRunner, joined: ChatRoomSession?) {
        state.withLock { state in
            let key = room.configuration.file
            state.rooms[key] = room
            state.joined[key] = joined
            state.tasks[key]?.cancel()
            if let endpoint = state.endpoint, endpoint.state == .established {
                state.tasks[key] = serveTask(room, endpoint: endpoint, joined: state.joined.removeValue(forKey: key))
            }
        }
    }

    /// Stops serving the room of the room file at `file` (it leaves the room) and returns its runner.
    func remove(file: String) async -> RoomRunner? {
        let (room, task) = state.withLock { state in
            state.joined[file] = nil
            return (state.rooms.removeValue(forKey: file), state.tasks.removeValue(forKey: file))
        }
        task?.cancel()
        await task?.value
        return room
    }

    private func startRooms(on endpoint: PersistentChatEndpoint) {
        state.withLock { state in
            state.endpoint = endpoint
            for (key, room) in state.rooms {
                state.tasks[key] = serveTask(room, endpoint: endpoint, joined: state.joined.removeValue(forKey: key))
            }
        }
    }

    private func stopRoomTasks() async {
        let tasks = state.withLock { state in
            defer { state.tasks.removeAll() }
            return Array(state.tasks.values)
        }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private func serveTask(_ room: RoomRunner, endpoint: PersistentChatEndpoint, joined: ChatRoomSession?) -> Task<Void, Never> {
        Task { [backoff, clock] in
            await room.serve(endpoint: endpoint, joined: joined, backoff: backoff, clock: clock)
        }
    }

    /// Establishes a new connection, waiting longer after each failure; nil once the task is cancelled.
    private func reconnect() async -> PersistentChatEndpoint? {
        var backoff = backoff
        while true {
            let delay = backoff.nextDelay()
            do { try await clock.sleep(for: delay) } catch { return nil }
            let endpoint = makeEndpoint()
            do {
                try await endpoint.establish()
                if Task.isCancelled {
                    await endpoint.terminate()
                    return nil
                }
                logger.notice("reconnected", metadata: ["endpoint": "\(configuration.uri)", "attempts": "\(backoff.attempts)"])
                return endpoint
            } catch {
                logger.warning("reconnect attempt failed", metadata: [
                    "endpoint": "\(configuration.uri)", "attempt": "\(backoff.attempts)", "error": "\(error)",
                    "next_in_at_most": "\(DurationText.describe(backoff.ceiling))",
                ])
            }
        }
    }
}
