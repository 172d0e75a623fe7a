import Foundation
import GRDB
import Synchronization
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
    let path: String
    /// Committed message transactions, counted for `commitCount`.
    let commits = Mutex(0)
    /// Set by `WALCheckpointer` when the write-ahead log should start over; the next commit does it.
    let logRestartWanted = Mutex(false)

    /// The most of the database file reads map into memory (the rest is read with `pread`).
    static let mappedBytes = 1 << 30
    /// The write-ahead log size past which `WALCheckpointer` makes the log start over, and the most the log file keeps
    /// when it does (`journal_size_limit`): a log that starts over overwrites blocks it has, whose syncs cost less.
    /// Each start-over holds one commit back for a few milliseconds (it copies what the last checkpoint left), so it
    /// should be rare: at 1,000 bot round trips a second (about 60 MB of log a second) this is one every four seconds.
    static let walRestartBytes = 256 << 20

    /// Opens (creating when missing) the database at `path` and runs migrations.
    init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(5)
        configuration.prepareDatabase { db in
            // Checkpoints run on their own connection (WALCheckpointer), never inside a commit.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // Reads map the file rather than copy each page out of the OS cache (a cross-room search looks up
            // thousands of rows: 75 → 59 ms). The cost: a disk error while reading a mapped page stops the process
            // (SIGBUS) instead of failing the one read, on a disk the server could not go on using anyway.
            try db.execute(sql: "PRAGMA mmap_size = \(Self.mappedBytes)")
            try db.execute(sql: "PRAGMA journal_size_limit = \(Self.walRestartBytes)")
        }
        self.path = path
        pool = try DatabasePool(path: path, configuration: configuration)
        try Self.makeCommitsDurable(pool)
        // A database a newer pchatd migrated is refused: this binary would write it in ways the newer schema does
        // not expect (before v5, an older binary left new messages out of the search index and corrupted it).
        if try pool.read({ db in try StoreSchema.migrator.hasBeenSuperseded(db) }) {
            throw DatabaseError(resultCode: .SQLITE_CANTOPEN, message: """
                \(path) was written by a newer pchatd (its schema has migrations this version does not know); \
                run that version, or restore a backup taken before the upgrade
                """)
        }
        try StoreSchema.migrator.migrate(pool)
        // The insert trigger of v3–v4, re-created to run an older build (operations.md), would index twice.
        try pool.write { db in try db.execute(sql: "DROP TRIGGER IF EXISTS messages_fts_after_insert") }
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

    /// Makes every commit sync the write-ahead log before it returns (`synchronous = FULL`), so an acknowledged post
    /// survives a power loss, not only a crash of the process.
    ///
    /// It is set on the writer once the pool is open: `DatabasePool` sets `synchronous = NORMAL` on its writer after
    /// `prepareDatabase` has run, which left commits unsynced (only checkpoints synced) until this was found.
    private static func makeCommitsDurable(_ pool: DatabasePool) throws {
        let level = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        guard level == synchronousFull else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "SQLite kept synchronous at \(level ?? -1), not FULL (2)")
        }
    }

    /// `PRAGMA synchronous` reads FULL as 2.
    static let synchronousFull = 2

    /// How many message transactions have committed (the checkpointer runs only after new ones).
    var commitCount: Int { commits.withLock { $0 } }

    /// Asks the next commit to let the write-ahead log start over (see `WALCheckpointer`).
    func requestLogRestart() { logRestartWanted.withLock { $0 = true } }

    /// A connection of its own for WAL checkpoints.
    func checkpointConnection() throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "checkpoint"
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    // MARK: Messages

    /// The last `count` messages of a room with an id below `before`, oldest first.
    func recentMessages(roomId: Int64, count: Int, before: Int64 = .max) async throws -> [StoredMessage] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, room_id, author, text, alert, ts, client_message_id, story_title, parts FROM messages
                WHERE room_id = ? AND id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [roomId, before, count]).reversed().map(Self.message)
        }
    }

    /// A `messages` row (every column) as a message.
    static func message(_ row: Row) -> StoredMessage {
        StoredMessage(id: row["id"], roomId: row["room_id"], author: row["author"], text: row["text"],
                      alert: row["alert"], ts: row["ts"], clientMessageId: row["client_message_id"],
                      storyTitle: row["story_title"], parts: row["parts"])
    }
}
