import Foundation
import GRDB
import NIOConcurrencyHelpers
import PersistentChatDirectory
import PersistentChatProtocol

/// A post waiting to be committed.
struct PendingPost: Sendable {
    let roomId: Int64
    let author: SIPURI
    let text: String
    let alert: Bool
    let clientMessageId: String?
    /// False for rooms whose category keeps no history: the id is allocated, the text is not kept.
    let keep: Bool
    /// A story's title (the text is its body).
    var storyTitle: String? = nil
    /// Formatted parts as JSON.
    var parts: String? = nil
}

/// What committing a post did.
enum CommitOutcome: Sendable, Equatable {
    /// Stored now with this id and timestamp.
    case stored(id: Int64, ts: Int64)
    /// Stored earlier under the same client message id.
    case duplicate(id: Int64, ts: Int64)
}

/// A message read back from the database.
struct StoredMessage: Sendable {
    let id: Int64
    let roomId: Int64
    let author: String
    let text: String
    let alert: Bool
    let ts: Int64
    let clientMessageId: String?
    var storyTitle: String? = nil
    /// Formatted parts as JSON.
    var parts: String? = nil
}

/// The SQLite database (WAL, synchronous FULL): rooms, roles and messages.
final class ChatStore: Sendable {
    let pool: DatabasePool
    /// The database's identity, reported as `databaseVersion`.
    let databaseId: String
    /// The root category's URI, stable across restarts.
    let rootCategoryId: UUID
    private let path: String
    private let commits = NIOLockedValueBox(0)

    /// The most of the database file reads map into memory (the rest is read with `pread`).
    static let mappedBytes = 1 << 30

    /// Opens (creating when missing) the database at `path` and runs migrations.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Checkpoints run on their own connection (WALCheckpointer), never inside a commit.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // Reads map the file rather than copy each page out of the OS cache (a cross-room search looks up
            // thousands of rows: 75 → 59 ms). The cost: a disk error while reading a mapped page stops the process
            // (SIGBUS) instead of failing the one read, on a disk the server could not go on using anyway.
            try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)")
        }
        self.path = path
        pool = try DatabasePool(path: path, configuration: configuration)
        try StoreSchema.migrator.migrate(pool)
        (databaseId, rootCategoryId) = try pool.write { db in
            func meta(_ key: String) throws -> String {
                if let value = try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = ?", arguments: [key]) {
                    return value
                }
                let value = UUID().uuidString.lowercased()
                try db.execute(sql: "INSERT INTO server_meta (key, value) VALUES (?, ?)", arguments: [key, value])
                return value
            }
            let database = try meta("database_id")
            let root = UUID(uuidString: try meta("root_category")) ?? UUID()
            return (database, root)
        }
    }

    /// How many message transactions have committed (the checkpointer runs only after new ones).
    var commitCount: Int { commits.withLockedValue { $0 } }

    /// A connection of its own for WAL checkpoints.
    func checkpointConnection() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "checkpoint"
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    // MARK: Messages

    /// Commits a batch of posts in one transaction; each gets its outcome, in order.
    ///
    /// It blocks the calling thread for the write and its fsync: the committer calls it from its one flushing task,
    /// which saves the two thread hand-offs of GRDB's asynchronous write on every commit.
    ///
    /// The batch's messages enter the full-text index in one statement at the end (see `HistorySearchSchema`): FTS5
    /// writes its pending terms out at the end of every statement that touches it, so a statement per message made a
    /// segment per message. A post to a room that keeps no history takes the next id and is never stored.
    func commit(_ posts: [PendingPost], now: Int64) throws -> [CommitOutcome] {
        defer { commits.withLockedValue { $0 += 1 } }
        return try pool.write { db in
            let find = try db.cachedStatement(sql: """
                SELECT id, ts FROM messages WHERE room_id = ? AND author = ? AND client_message_id = ?
                """)
            let insert = try db.cachedStatement(sql: """
                INSERT INTO messages (room_id, author, text, alert, ts, client_message_id, story_title, parts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var outcomes: [CommitOutcome] = []
            outcomes.reserveCapacity(posts.count)
            var firstStored: Int64?
            for post in posts {
                if let clientId = post.clientMessageId,
                   let row = try Row.fetchOne(find, arguments: [post.roomId, post.author.value, clientId]) {
                    outcomes.append(.duplicate(id: row["id"], ts: row["ts"]))
                    continue
                }
                guard post.keep else {
                    outcomes.append(.stored(id: try Self.takeMessageId(db), ts: now))
                    continue
                }
                try insert.execute(arguments: [post.roomId, post.author.value, post.text, post.alert, now, post.clientMessageId,
                                               post.storyTitle, post.parts])
                let id = db.lastInsertedRowID
                firstStored = firstStored ?? id
                outcomes.append(.stored(id: id, ts: now))
            }
            if let firstStored { try HistorySearchSchema.indexMessages(from: firstStored, in: db) }
            return outcomes
        }
    }

    /// The next message id, taken without storing a row: ids stay unique and increasing across stored and unstored
    /// messages, as `AUTOINCREMENT` keeps its high-water mark in `sqlite_sequence`.
    private static func takeMessageId(_ db: Database) throws -> Int64 {
        let bump = try db.cachedStatement(sql: """
            UPDATE sqlite_sequence SET seq = max(seq, (SELECT coalesce(max(id), 0) FROM messages)) + 1
            WHERE name = 'messages' RETURNING seq
            """)
        if let id = try Int64.fetchOne(bump) { return id }
        // No message was ever stored: the sequence has no row yet.
        let first = try db.cachedStatement(sql: """
            INSERT INTO sqlite_sequence (name, seq) VALUES ('messages', (SELECT coalesce(max(id), 0) FROM messages) + 1)
            RETURNING seq
            """)
        guard let id = try Int64.fetchOne(first) else {
            throw DatabaseError(resultCode: .SQLITE_INTERNAL, message: "no message id could be taken")
        }
        return id
    }

    /// The last `count` messages of a room, oldest first.
    func recentMessages(roomId: Int64, count: Int) async throws -> [StoredMessage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, room_id, author, text, alert, ts, client_message_id, story_title, parts FROM messages
                WHERE room_id = ? ORDER BY id DESC LIMIT ?
                """, arguments: [roomId, count]).reversed().map(Self.message)
        }
    }

    /// A `messages` row (every column) as a message.
    static func message(_ row: Row) -> StoredMessage {
        StoredMessage(id: row["id"], roomId: row["room_id"], author: row["author"], text: row["text"],
                      alert: row["alert"], ts: row["ts"], clientMessageId: row["client_message_id"],
                      storyTitle: row["story_title"], parts: row["parts"])
    }
}
