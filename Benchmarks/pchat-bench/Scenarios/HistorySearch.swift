import Foundation
import GRDB
import PersistentChat

/// History and search at scale: M messages in R rooms, seeded straight into the database before pchatd starts.
/// The baseline runs comparable SQL on the same file with GRDB, no server.
struct HistorySearch {
    var rooms: Int
    var messages: Int
    var samples: Int
    /// Rooms a cross-room search spans (the server takes at most 100 per query).
    var crossRooms: Int

    /// Fixed-width words, so a searched word is never the prefix of another (search matches word prefixes).
    static let vocabulary: [String] = (0..<2000).map { String(format: "w%04d", $0) }
    /// In about 1.5 % of messages (15,000 of 1,000,000): common, but not in most.
    static let commonWord = "w0100"

    func run(pchatd: URL) async throws {
        let names = (1...rooms).map { "history-\($0)" }
        let folder: URL
        if let reuse = ProcessInfo.processInfo.environment["PCHAT_BENCH_REUSE"] {
            folder = URL(fileURLWithPath: reuse)
        } else {
            let first = try await BenchServer.start(pchatd: pchatd, users: 2, rooms: names)
            await first.stop(keepFolder: true)
            folder = first.folder
            try await seed(first.folder.appendingPathComponent("data/pchat.sqlite").path)
        }
        let database = folder.appendingPathComponent("data/pchat.sqlite").path
        let server = try await BenchServer.reopen(pchatd: pchatd, folder: folder)
        let endpoint = try await server.connect(1, platform: CollaborationPlatform(applicationName: "pchat-bench"))
        let services = endpoint.persistentChatServices
        let uris = try await services.browseChatRoomsByCriteria("history-", maxResults: -1).map(\.chatRoomUri)
        guard uris.count == rooms else { throw BenchError("browse found \(uris.count) of \(rooms) rooms") }

        var page = Latencies(), roomSearch = Latencies(), crossSearch = Latencies()
        var spans: [[String]] = []
        for number in 0..<samples {
            let uri = uris[(number * 7919) % uris.count]
            var started = monotonicNanos()
            let messages = try await services.getRecentChatHistory(room: .uri(uri), count: 50)
            page.add(monotonicNanos() - started)
            guard messages.count == min(50, self.messages / rooms) else { throw BenchError("a page had \(messages.count) messages") }
            started = monotonicNanos()
            var query = ChatHistoryQueryOptions(searchString: Self.commonWord)
            query.resultLimit = 50
            query.searchOrderReversed = true
            _ = try await services.queryChatHistory([uri], query)
            roomSearch.add(monotonicNanos() - started)
            // A cross-room search costs about a hundred room searches: sample it one time in ten.
            guard number % 10 == 0 else { continue }
            let span = (0..<crossRooms).map { uris[(number + $0 * 13) % uris.count] }
            spans.append(Array(Set(span.map { $0.id.uuidString.lowercased() })))
            started = monotonicNanos()
            _ = try await services.queryChatHistory(Array(Set(span)), query)
            crossSearch.add(monotonicNanos() - started)
        }
        await endpoint.terminate()
        await server.stop(keepFolder: true)
        let baseline = try await sqlBaseline(database, samples: samples, spans: spans)
        if ProcessInfo.processInfo.environment["PCHAT_BENCH_KEEP"] == nil { try? FileManager.default.removeItem(at: server.folder) } else { note("kept \(server.folder.path)") }
        printTable("history and search", parameters: "\(messages) messages in \(rooms) rooms, \(samples) samples (cross-room: \(crossSearch.count)) over \(crossRooms) rooms", [
            Figure(name: "history page of 50, p50", value: page.percentile(50), unit: "ms", baseline: baseline.page.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "history page of 50, p99", value: page.percentile(99), unit: "ms", baseline: baseline.page.percentile(99), higherIsBetter: false, target: "≤ 5 ms"),
            Figure(name: "room search, p50", value: roomSearch.percentile(50), unit: "ms", baseline: baseline.search.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "room search, p99", value: roomSearch.percentile(99), unit: "ms", baseline: baseline.search.percentile(99), higherIsBetter: false, target: "≤ 50 ms"),
            Figure(name: "cross-room search, p50", value: crossSearch.percentile(50), unit: "ms", baseline: baseline.cross.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "cross-room search, p99", value: crossSearch.percentile(99), unit: "ms", baseline: baseline.cross.percentile(99), higherIsBetter: false, target: "≤ 100 ms"),
        ])
    }

    /// Inserts the messages (8–17 words each, word frequency falling with rank) in large transactions.
    private func seed(_ path: String) async throws {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        let roomIds = try await pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM rooms ORDER BY id") }
        let started = monotonicNanos()
        var generator = SystemRandomNumberGenerator()
        var written = 0
        while written < messages {
            let batch = min(10_000, messages - written)
            var rows: [(Int64, String, Int64)] = []
            for number in written..<(written + batch) {
                let words = (0..<Int.random(in: 8...17, using: &generator)).map { _ in
                    Self.vocabulary[Int(Double(Self.vocabulary.count) * pow(Double.random(in: 0..<1, using: &generator), 3))]
                }
                rows.append((roomIds[number % roomIds.count], words.joined(separator: " "), 1_700_000_000_000 + Int64(number)))
            }
            let batchRows = rows
            try await pool.write { db in
                let insert = try db.cachedStatement(sql: "INSERT INTO messages (room_id, author, text, alert, ts) VALUES (?, 'sip:user2@bench.example', ?, 0, ?)")
                var firstId: Int64?
                for row in batchRows {
                    try insert.execute(arguments: [row.0, row.1, row.2])
                    firstId = firstId ?? db.lastInsertedRowID
                }
                // Indexed as pchatd's commits index: one statement for the batch.
                if let firstId {
                    try db.execute(sql: "INSERT INTO messages_fts (rowid, text, story_title) SELECT id, text, story_title FROM messages WHERE id >= ?",
                                   arguments: [firstId])
                }
            }
            written += batch
        }
        try await pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        note("history: seeded \(messages) messages in \(Double(monotonicNanos() - started) / 1e9) s")
    }

    /// The same reads in SQL on the same file: a page of 50 newest in a room, the common word newest 50 in a room,
    /// and every row with the common word in the rooms of each cross-room search.
    private func sqlBaseline(_ path: String, samples: Int, spans: [[String]]) async throws -> (page: Latencies, search: Latencies, cross: Latencies) {
        let pool = try DatabasePool(path: path)
        let roomIds = try await pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM rooms ORDER BY id") }
        var page = Latencies(), search = Latencies(), cross = Latencies()
        for number in 0..<samples {
            let room = roomIds[(number * 7919) % roomIds.count]
            var started = monotonicNanos()
            _ = try await pool.read { db in
                try Row.fetchAll(db, sql: "SELECT * FROM messages WHERE room_id = ? ORDER BY id DESC LIMIT 50", arguments: [room])
            }
            page.add(monotonicNanos() - started)
            started = monotonicNanos()
            _ = try await pool.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT * FROM messages WHERE room_id = ? AND id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?)
                    ORDER BY id DESC LIMIT 50
                    """, arguments: [room, "\"\(Self.commonWord)\"*"])
            }
            search.add(monotonicNanos() - started)
        }
        for span in spans {
            let started = monotonicNanos()
            _ = try await pool.read { db in
                let ids = try Int64.fetchAll(db, sql: "SELECT id FROM rooms WHERE guid IN (\(span.map { _ in "?" }.joined(separator: ", ")))",
                                             arguments: StatementArguments(span))
                return try Row.fetchAll(db, sql: """
                    SELECT * FROM messages WHERE room_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))
                    AND id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?) ORDER BY room_id, id DESC
                    """, arguments: StatementArguments(ids) + ["\"\(Self.commonWord)\"*"])
            }
            cross.add(monotonicNanos() - started)
        }
        return (page, search, cross)
    }
}
