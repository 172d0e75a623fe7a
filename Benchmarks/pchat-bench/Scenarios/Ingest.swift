import Foundation
import GRDB
import PersistentChat

/// N clients posting into M rooms; a post counts once its durable acknowledgement arrives.
struct Ingest {
    var clients: Int
    var rooms: Int
    var messagesPerClient: Int
    /// Posts each client keeps in flight.
    var window: Int
    /// The offered rate of the paced load (posts per second over all clients), where the latency target applies.
    var pacedRate: Int

    /// Connects `clients` users and joins each to one of `rooms` in turn. The posters never read the room: their
    /// sessions keep no messages (all of them would, unbounded).
    static func joinPosters(_ server: BenchServer, clients: Int, rooms: [String]) async throws -> [ChatRoomSession] {
        let platform = CollaborationPlatform(applicationName: "pchat-bench")
        var sessions: [ChatRoomSession] = []
        for index in 1...clients {
            let endpoint = try await server.connect(index, platform: platform)
            let session = ChatRoomSession(endpoint: endpoint, messageBuffering: .bufferingNewest(0))
            try await session.join(name: rooms[(index - 1) % rooms.count], history: 0)
            sessions.append(session)
        }
        return sessions
    }

    func run(pchatd: URL) async throws {
        let roomNames = (1...rooms).map { "ingest-\($0)" }
        let server = try await BenchServer.start(pchatd: pchatd, users: clients, rooms: roomNames)
        let sessions = try await Self.joinPosters(server, clients: clients, rooms: roomNames)
        note("ingest: \(clients) clients joined \(rooms) rooms; posting \(clients * messagesPerClient) messages per load")
        let body = String(repeating: "ingest payload words ", count: 9)
        // Saturation first (throughput), then one post in flight per client (latency without deep queues).
        var loads: [(window: Int, rate: Double, latencies: Latencies)] = []
        for window in [window, 1] {
            let started = monotonicNanos()
            let latencies = try await withThrowingTaskGroup(of: Latencies.self) { group in
                for session in sessions {
                    for lane in 0..<window {
                        let count = messagesPerClient
                        group.addTask { try await Self.post(session, lane: lane, count: count, window: window, body: body) }
                    }
                }
                var all = Latencies()
                for try await part in group { all.add(contentsOf: part) }
                return all
            }
            let seconds = Double(monotonicNanos() - started) / 1e9
            loads.append((window, Double(latencies.count) / seconds, latencies))
        }
        let paced = try await Self.paced(sessions, rate: pacedRate, count: clients * messagesPerClient, body: body)
        for session in sessions { await session.endpoint.terminate() }
        await server.stop()

        let baseline = try await sqliteBaseline(pchatd: pchatd, count: clients * messagesPerClient, body: body, indexing: .rowByRow)
        let batched = try await sqliteBaseline(pchatd: pchatd, count: clients * messagesPerClient, body: body, indexing: .perTransaction)
        var figures: [Figure] = []
        for load in loads {
            let inFlight = "\(clients * load.window) in flight"
            figures += [
                Figure(name: "durable posts/s, \(inFlight)", value: load.rate, unit: "msg/s", baseline: baseline, higherIsBetter: true,
                       target: "≥ 5,000 and ≥ 0.5 × baseline"),
                Figure(name: "the same, against SQLite indexing once per transaction", value: load.rate, unit: "msg/s",
                       baseline: batched, higherIsBetter: true, target: "—"),
                Figure(name: "ack latency p50, \(inFlight)", value: load.latencies.percentile(50), unit: "ms", baseline: nil,
                       higherIsBetter: false, target: "—"),
                Figure(name: "ack latency p99, \(inFlight)", value: load.latencies.percentile(99), unit: "ms", baseline: nil,
                       higherIsBetter: false, target: "—"),
            ]
        }
        figures += [
            Figure(name: "acknowledged at \(pacedRate)/s offered", value: Double(paced.count),
                   unit: "of \(clients * messagesPerClient)", baseline: nil, higherIsBetter: true, target: "all"),
            Figure(name: "ack latency p50, \(pacedRate)/s offered", value: paced.percentile(50), unit: "ms",
                   baseline: nil, higherIsBetter: false, target: "—"),
            Figure(name: "ack latency p99, \(pacedRate)/s offered", value: paced.percentile(99), unit: "ms",
                   baseline: nil, higherIsBetter: false, target: "≤ 20 ms"),
        ]
        printTable("ingest", parameters: "\(clients) clients, \(rooms) rooms, \(clients * messagesPerClient) posts per load", figures)
    }

    /// Posts at a fixed offered rate, round robin over the clients, each sent on time whether or not the ones before
    /// were acknowledged (an open loop: a slow acknowledgement does not slow the load down); each is timed from its
    /// send until its acknowledgement.
    static func paced(_ sessions: [ChatRoomSession], rate: Int, count: Int, body: String) async throws -> Latencies {
        let interval = 1_000_000_000 / UInt64(max(1, rate))
        let started = monotonicNanos()
        return try await withThrowingTaskGroup(of: UInt64.self) { group in
            for number in 0..<count {
                let due = started + UInt64(number) * interval
                let now = monotonicNanos()
                if due > now + 1_000_000 { try await Task.sleep(for: .nanoseconds(Int(due - now))) }
                let session = sessions[number % sessions.count]
                group.addTask {
                    let sent = monotonicNanos()
                    try await session.sendChatMessage("p\(number) \(body)")
                    return monotonicNanos() - sent
                }
            }
            var all = Latencies()
            for try await latency in group { all.add(latency) }
            return all
        }
    }

    /// One lane of one client's posts, each timed until its acknowledgement.
    private static func post(_ session: ChatRoomSession, lane: Int, count: Int, window: Int, body: String) async throws -> Latencies {
        var mine = Latencies()
        for number in stride(from: lane, to: count, by: window) {
            let sent = monotonicNanos()
            try await session.sendChatMessage("\(number) \(body)")
            mine.add(monotonicNanos() - sent)
        }
        return mine
    }

    /// How the baseline fills the full-text index.
    enum Indexing {
        /// Each row's index entry right after the row, as the insert trigger of schema v3–v4 did.
        case rowByRow
        /// One statement per transaction for all its rows, as pchatd's commits do since schema v5.
        case perTransaction
    }

    /// SQLite alone: the same database file, schema and full-text index, rows inserted in a tight loop, 100 per
    /// transaction, `synchronous = FULL`, no network.
    private func sqliteBaseline(pchatd: URL, count: Int, body: String, indexing: Indexing) async throws -> Double {
        let server = try await BenchServer.start(pchatd: pchatd, users: 1, rooms: ["baseline"])
        await server.stop(keepFolder: true)
        defer { try? FileManager.default.removeItem(at: server.folder) }
        let pool = try DatabasePool(path: server.folder.appendingPathComponent("data/pchat.sqlite").path)
        // Set after opening, as pchatd does: DatabasePool turns its writer to NORMAL after `prepareDatabase`.
        let level = try await pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        guard level == 2 else { throw BenchError("the baseline's SQLite kept synchronous at \(level ?? -1), not FULL") }
        let roomId = try await pool.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM rooms LIMIT 1") } ?? 1
        let started = monotonicNanos()
        var inserted = 0
        while inserted < count {
            let batch = min(100, count - inserted)
            let first = inserted
            try await pool.write { db in
                let insert = try db.cachedStatement(sql: """
                    INSERT INTO messages (room_id, author, text, alert, ts, client_message_id) VALUES (?, ?, ?, 0, ?, ?)
                    """)
                let indexRow = try db.cachedStatement(sql: "INSERT INTO messages_fts (rowid, text) VALUES (?, ?)")
                var firstId: Int64?
                for number in first..<(first + batch) {
                    let text = "\(number) \(body)"
                    try insert.execute(arguments: [roomId, "sip:user1@bench.example", text,
                                                   Date().millisecondsSince1970, "b\(number)"])
                    firstId = firstId ?? db.lastInsertedRowID
                    if indexing == .rowByRow { try indexRow.execute(arguments: [db.lastInsertedRowID, text]) }
                }
                if indexing == .perTransaction, let firstId {
                    try db.execute(sql: "INSERT INTO messages_fts (rowid, text, story_title) SELECT id, text, story_title FROM messages WHERE id >= ?",
                                   arguments: [firstId])
                }
            }
            inserted += batch
        }
        return Double(count) / (Double(monotonicNanos() - started) / 1e9)
    }
}
