import Logging
import Synchronization

/// Keeps one endpoint connected for as long as the host runs: when the connection is lost it reconnects with
/// exponential backoff and jitter, forever, logging each attempt; then its rooms are joined again and caught up.
final class EndpointRunner: Sendable {
    let configuration: HostConfiguration.Endpoint
    private let rooms: [RoomRunner]
    private let makeEndpoint: @Sendable () -> PersistentChatEndpoint
    private let backoff: ReconnectBackoff
    private let clock: any BotClock
    private let logger: Logger
    private let current: Mutex<PersistentChatEndpoint?>

    /// `first` is the endpoint established at start-up.
    init(configuration: HostConfiguration.Endpoint, first: PersistentChatEndpoint, rooms: [RoomRunner], backoff: ReconnectBackoff,
         clock: any BotClock, logger: Logger, makeEndpoint: @escaping @Sendable () -> PersistentChatEndpoint) {
        self.configuration = configuration
        self.rooms = rooms
        self.backoff = backoff
        self.clock = clock
        self.logger = logger
        self.makeEndpoint = makeEndpoint
        current = Mutex(first)
    }

    /// The connected endpoint, if any.
    var endpoint: PersistentChatEndpoint? { current.withLock { $0 } }

    /// Serves the rooms through the first endpoint (its rooms joined in `sessions`), then through each new
    /// connection, until the task is cancelled.
    func run(sessions: [ChatRoomURI: ChatRoomSession]) async {
        guard var endpoint = self.endpoint else { return }
        var joined = sessions
        while !Task.isCancelled {
            current.withLock { $0 = endpoint }
            await serve(endpoint, joined: joined)
            // Stopping: the host terminates the endpoint (outside this cancelled task, so its goodbyes go out).
            guard !Task.isCancelled else { return }
            current.withLock { $0 = nil }
            logger.warning("connection lost; reconnecting", metadata: ["endpoint": "\(configuration.uri)"])
            guard let next = await reconnect() else { return }
            endpoint = next
            joined = [:]
        }
    }

    /// Runs the rooms until the endpoint's connection ends.
    private func serve(_ endpoint: PersistentChatEndpoint, joined: [ChatRoomURI: ChatRoomSession]) async {
        await withTaskGroup(of: Void.self) { group in
            for room in rooms {
                group.addTask { [backoff, clock] in
                    await room.serve(endpoint: endpoint, joined: joined[room.uri], backoff: backoff, clock: clock)
                }
            }
            group.addTask {
                for await state in endpoint.stateChanges() where state == .terminated || state == .terminating { return }
            }
            await group.next()
            group.cancelAll()
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
