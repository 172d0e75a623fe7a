import Foundation
import GRDB
import Logging
import PersistentChat
import Synchronization

/// The host's persistent record of which room messages each bot instance has handled, so that after a reconnect or
/// a restart the host hands every message to every bot exactly once.
///
/// Per room and instance it keeps a watermark (every message up to it is done) and the ids done above it, which
/// only exist while an instance runs calls concurrently. SQLite in WAL mode with `synchronous = NORMAL`: a record
/// survives the host being killed; only a power cut can lose the last few.
package final class HandledLedger: Sendable {
    /// What the ledger holds for one instance in one room.
    package struct Entry: Sendable, Equatable {
        /// Every message with an id up to this one has been handled.
        package var watermark: Int64
        /// Messages above the watermark that have been handled too.
        package var handledAbove: Set<Int64>

        package init(watermark: Int64, handledAbove: Set<Int64>) {
            self.watermark = watermark
            self.handledAbove = handledAbove
        }
    }

    private struct Handled: Sendable {
        var room: String
        var bot: String
        var id: Int64
        var watermark: Int64
    }
    let database: DatabaseQueue
    private let logger: Logger
    /// Records waiting for the next batched write, and whether that write is scheduled.
    private let waiting = Mutex<(records: [Handled], scheduled: Bool)>(([], false))
    /// Where the ledger lives.
    package let path: String

    /// Opens (creating when missing) the ledger at `path`; its folder is created too. Failed batched writes are
    /// logged to `logger`.
    package init(path: String, logger: Logger = Logger(label: "bothost.ledger")) throws {
        self.path = path
        self.logger = logger
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        database = try DatabaseQueue(path: path, configuration: configuration)
        _ = try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try database.write { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS watermarks (
                    room TEXT NOT NULL, bot TEXT NOT NULL, message_id INTEGER NOT NULL, PRIMARY KEY (room, bot));
                CREATE TABLE IF NOT EXISTS handled_above (
                    room TEXT NOT NULL, bot TEXT NOT NULL, message_id INTEGER NOT NULL, PRIMARY KEY (room, bot, message_id));
                CREATE TABLE IF NOT EXISTS invited_rooms (
                    endpoint TEXT NOT NULL, room TEXT NOT NULL, name TEXT NOT NULL, accepted_at REAL NOT NULL,
                    PRIMARY KEY (endpoint, room));
                CREATE TABLE IF NOT EXISTS invitation_cursor (endpoint TEXT PRIMARY KEY, last_id INTEGER NOT NULL);
                """)
            try BotStore.createTable(in: db)
        }
    }

    /// The instance's record in the room, or nil when it has never run there.
    package func entry(room: String, bot: String) throws -> Entry? {
        try database.read { db in
            guard let watermark = try Int64.fetchOne(
                db, sql: "SELECT message_id FROM watermarks WHERE room = ? AND bot = ?", arguments: [room, bot]) else { return nil }
            let above = try Int64.fetchAll(
                db, sql: "SELECT message_id FROM handled_above WHERE room = ? AND bot = ?", arguments: [room, bot])
            return Entry(watermark: watermark, handledAbove: Set(above))
        }
    }

    /// Returns the instance's record, first writing `watermark` as its start when it has none: a new instance starts
    /// from the room's newest message and never replays the backlog.
    package func open(room: String, bot: String, startingAfter watermark: Int64) throws -> Entry {
        try database.write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO watermarks (room, bot, message_id) VALUES (?, ?, ?)",
                           arguments: [room, bot, watermark])
        }
        return try entry(room: room, bot: bot) ?? Entry(watermark: watermark, handledAbove: [])
    }

    /// Records that the instance finished message `id` and that everything up to `watermark` is now done.
    package func record(room: String, bot: String, handled id: Int64, watermark: Int64) throws {
        try database.write { db in try Self.write(Handled(room: room, bot: bot, id: id, watermark: watermark), in: db) }
    }

    /// Like ``record(room:bot:handled:watermark:)``, without waiting: records made meanwhile are written together in
    /// one transaction, off the caller's path. A record not yet written when the process dies only means that the
    /// message is handed over again (its replies keep their ids, and are not posted twice).
    package func recordSoon(room: String, bot: String, handled id: Int64, watermark: Int64) {
        let schedule = waiting.withLock { waiting in
            waiting.records.append(Handled(room: room, bot: bot, id: id, watermark: watermark))
            defer { waiting.scheduled = true }
            return !waiting.scheduled
        }
        guard schedule else { return }
        let logger = logger
        database.asyncWrite({ [self] db in
            let records = waiting.withLock { waiting in
                waiting.scheduled = false
                defer { waiting.records.removeAll() }
                return waiting.records
            }
            for record in records { try Self.write(record, in: db) }
            return records.count
        }, completion: { _, result in
            if case .failure(let error) = result {
                logger.error("the ledger did not record handled messages; they may be handed over again after a restart",
                             metadata: ["error": "\(error)"])
            }
        })
    }

    /// Returns once every record made so far is written.
    package func flush() async throws {
        try await database.write { _ in }
    }

    /// Marks message `id` handled by the instance in `db`'s transaction, above its watermark (the instance's record
    /// folds it in later): what a handler stored is written in the same transaction.
    static func markHandled(room: String, bot: String, id: Int64, in db: Database) throws {
        try db.execute(sql: """
            INSERT OR IGNORE INTO handled_above (room, bot, message_id)
            SELECT ?, ?, ? WHERE ? > COALESCE((SELECT message_id FROM watermarks WHERE room = ? AND bot = ?), -1)
            """, arguments: [room, bot, id, id, room, bot])
    }

    private static func write(_ record: Handled, in db: Database) throws {
        try db.execute(sql: "UPDATE watermarks SET message_id = max(message_id, ?) WHERE room = ? AND bot = ?",
                       arguments: [record.watermark, record.room, record.bot])
        if record.id > record.watermark {
            try db.execute(sql: "INSERT OR IGNORE INTO handled_above (room, bot, message_id) VALUES (?, ?, ?)",
                           arguments: [record.room, record.bot, record.id])
        }
        try db.execute(sql: "DELETE FROM handled_above WHERE room = ? AND bot = ? AND message_id <= ?",
                       arguments: [record.room, record.bot, record.watermark])
    }
}
