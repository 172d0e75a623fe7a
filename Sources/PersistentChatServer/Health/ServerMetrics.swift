import CoreMetrics
import Foundation
import PersistentChatProtocol
import ServiceHealth
import Synchronization

/// pchatd's metrics, served at `/metrics` on server.yaml's `metrics.listen` (docs/operations.md lists them): what is
/// counted as it happens is moved here by the parts that do it; what is held (connections, sessions, rooms, sizes on
/// disk) is read when Prometheus scrapes.
final class ServerMetrics: Sendable {
    let registry: MetricsRegistry
    /// Posts stored (or recognised as a retry of a stored one) and acknowledged.
    let postsAccepted: Counter
    /// How long each group commit took, its sync included.
    let commitDuration: CoreMetrics.Timer
    /// How many posts each group commit carried.
    let commitBatchSize: Recorder
    /// Messages handed to joined sessions (one per session per message).
    let deliveries: Counter
    /// Connections closed because too many bytes waited to be sent to them.
    let slowClientDisconnects: Counter
    let historyDuration: CoreMetrics.Timer
    let searchDuration: CoreMetrics.Timer
    let joinDuration: CoreMetrics.Timer
    let fileBytesIn: Counter
    let fileBytesOut: Counter
    /// Reads the listener's count of open sockets (set when it starts).
    let openSockets = Mutex<@Sendable () -> Int>({ 0 })

    init() {
        registry = MetricsRegistry(valueBuckets: ["pchat_commit_batch_size": [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]])
        registry.describe(Self.descriptions)
        postsAccepted = registry.counter("pchat_posts_accepted_total")
        commitDuration = registry.timer("pchat_commit_duration_seconds")
        commitBatchSize = registry.histogram("pchat_commit_batch_size")
        deliveries = registry.counter("pchat_deliveries_total")
        slowClientDisconnects = registry.counter("pchat_slow_client_disconnects_total")
        historyDuration = registry.timer("pchat_history_duration_seconds")
        searchDuration = registry.timer("pchat_search_duration_seconds")
        joinDuration = registry.timer("pchat_join_duration_seconds")
        fileBytesIn = registry.counter("pchat_file_bytes_in_total")
        fileBytesOut = registry.counter("pchat_file_bytes_out_total")
        // Zero rather than absent until the first refusal or sign-in, so dashboards and alerts see the series.
        for outcome in ["accepted", "refused", "throttled", "directory_unavailable"] { _ = signIns(outcome) }
        for event in ConnectionEvents.Event.allCases { _ = connectionLimitEvents(event.rawValue) }
    }

    /// A post refused, by the refusal's detail (`room.notJoined`, `quota.posts`, `database`…).
    func postRefused(_ reason: String) {
        registry.counter("pchat_posts_refused_total", [("reason", reason)]).increment()
    }

    /// A sign-in (`establish`) ended: `accepted`, `refused`, `throttled` or `directory_unavailable`.
    func signIn(_ outcome: String) {
        signIns(outcome).increment()
    }

    /// The sign-in outcome of an `establish` refused with `error`.
    static func signInOutcome(of error: ErrorPayload) -> String {
        switch error.detail {
        case .identityThrottled: "throttled"
        case .identityDirectoryUnavailable: "directory_unavailable"
        default: "refused"
        }
    }

    /// A connection refused or closed by `limits.connections`, by event.
    func connectionLimitEvent(_ event: String) {
        connectionLimitEvents(event).increment()
    }

    private func connectionLimitEvents(_ event: String) -> Counter {
        registry.counter("pchat_connection_limit_events_total", [("event", event)])
    }

    /// Times `body` into `timer`.
    func timed<T>(_ timer: CoreMetrics.Timer, _ body: () async throws(ErrorPayload) -> T) async throws(ErrorPayload) -> T {
        let start = ContinuousClock.now
        defer { timer.record(since: start) }
        return try await body()
    }

    private func signIns(_ outcome: String) -> Counter {
        registry.counter("pchat_sign_ins_total", [("outcome", outcome)])
    }

    /// Reads what the server holds at each scrape: connections by state (`open` sockets are counted by the connection
    /// gate, `established` by the hub), endpoints, users, sessions, rooms, and the database's and its log's size.
    func sampleHeld(core: ServerCore) {
        let established = registry.gauge("pchat_connections", [("state", "established")])
        let unestablished = registry.gauge("pchat_connections", [("state", "unestablished")])
        let endpoints = registry.gauge("pchat_endpoints_established")
        let users = registry.gauge("pchat_users_signed_in")
        let sessions = registry.gauge("pchat_joined_sessions")
        let rooms = registry.gauge("pchat_rooms")
        let database = registry.gauge("pchat_database_bytes")
        let log = registry.gauge("pchat_wal_bytes")
        let databasePath = core.store.path
        // Weakly: the core holds these metrics, so a strong capture would keep both alive for ever.
        registry.addSampler { [weak core] in
            guard let core else { return }
            let held = await core.hub.heldCounts
            endpoints.set(held.endpoints)
            established.set(held.endpoints)
            unestablished.set(max(0, core.metrics.openSockets.withLock { $0 }() - held.endpoints))
            users.set(held.users)
            sessions.set(held.sessions)
            rooms.set(core.catalog.rooms.count)
            database.set(Self.fileSize(databasePath))
            log.set(Self.fileSize(databasePath + "-wal"))
        }
    }

    private static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// The `# HELP` texts.
    static let descriptions: [String: String] = [
        "pchat_connections": "Open chat connections by state: established (signed in) or unestablished (HTTP, or waiting for establish).",
        "pchat_endpoints_established": "Signed-in endpoints (connections that completed establish).",
        "pchat_users_signed_in": "Distinct users with at least one signed-in endpoint.",
        "pchat_joined_sessions": "Room sessions joined, over all endpoints.",
        "pchat_rooms": "Rooms in the catalog, disabled ones included.",
        "pchat_posts_accepted_total": "Posts stored and acknowledged.",
        "pchat_posts_refused_total": "Posts refused, by the refusal's detail.",
        "pchat_commit_duration_seconds": "Time each group commit of posts took, sync included.",
        "pchat_commit_batch_size": "Posts carried by each group commit.",
        "pchat_deliveries_total": "Messages handed to joined sessions.",
        "pchat_slow_client_disconnects_total": "Connections closed because too many bytes waited to be sent to them.",
        "pchat_connection_limit_events_total": "Connections refused or closed by limits.connections, by event.",
        "pchat_sign_ins_total": "Sign-ins by outcome: accepted, refused, throttled, directory_unavailable.",
        "pchat_history_duration_seconds": "Time to answer a history request.",
        "pchat_search_duration_seconds": "Time to answer a history search (queryHistory).",
        "pchat_join_duration_seconds": "Time to answer a join, its history included.",
        "pchat_file_bytes_in_total": "Bytes of files uploaded.",
        "pchat_file_bytes_out_total": "Bytes of files downloaded.",
        "pchat_database_bytes": "Size of the SQLite database file.",
        "pchat_wal_bytes": "Size of the database's write-ahead log.",
    ]
}
