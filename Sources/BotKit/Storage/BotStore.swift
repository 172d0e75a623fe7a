import Foundation
import GRDB
import Synchronization

/// Where the bots' stored values live: the `bot_storage` table of the host's ledger database (or, with `ledger: off`,
/// an in-memory one that lasts as long as the process).
///
/// A message's handler writes into its call (``StorageCall``); when the call completes, its changes are written with
/// the mark that its message was handled, in one transaction (``commit(_:marking:)``): after a crash either both are
/// there or neither, and the message handed over again finds the values as they were before it. The call holds its
/// scopes until then, so no other call reads a value that is not kept for good.
package final class BotStore: Sendable {
    /// Longest key, in bytes of UTF-8.
    static let longestKey = 256
    /// How much may be stored.
    let limits: StorageLimits
    let database: DatabaseQueue
    let locks = ScopeLocks()
    /// The bytes each key of a scope takes (key and value) and when it expires, for the scopes read so far, kept up to
    /// date by ``commit(_:marking:)``.
    private let usage = Mutex<[StorageScope: [String: StorageUsage]]>([:])

    /// A store in `database` (the ledger's), or in memory when nil.
    init(database: DatabaseQueue?, limits: StorageLimits = StorageLimits()) throws {
        self.limits = limits
        if let database {
            self.database = database
        } else {
            self.database = try DatabaseQueue()
            try self.database.write { try Self.createTable(in: $0) }
        }
    }

    /// The `bot_storage` table: one row per scope and key, the value as JSON, an optional expiry (seconds since 1970).
    static func createTable(in db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE IF NOT EXISTS bot_storage (
                owner TEXT NOT NULL, bot TEXT NOT NULL, key TEXT NOT NULL, value BLOB NOT NULL, expires_at REAL,
                PRIMARY KEY (owner, bot, key));
            CREATE INDEX IF NOT EXISTS bot_storage_expiry ON bot_storage (expires_at) WHERE expires_at IS NOT NULL;
            """)
    }

    /// The `owner` and `bot` columns of a scope: the room and the instance, `*` and the bot type, or the room and
    /// the instance followed by `@schedules` (an instance id never holds `@`).
    static func columns(_ scope: StorageScope) -> (owner: String, bot: String) {
        switch scope {
        case .instance(let room, let bot): (room, bot)
        case .shared(let type): ("*", type)
        case .schedules(let room, let bot): (room, bot + "@schedules")
        }
    }

    // MARK: Watching

    /// Whom to tell when a commit changes a scope's keys, by registration.
    private let watchers = Mutex<[Int: (scope: StorageScope, changed: @Sendable (Set<String>) -> Void)]>([:])
    private let nextWatcher = Atomic<Int>(0)

    /// Calls `changed` with the keys of `scope` each commit changes, until ``unwatch(_:)`` with the returned number.
    func watch(_ scope: StorageScope, _ changed: @escaping @Sendable (Set<String>) -> Void) -> Int {
        let id = nextWatcher.add(1, ordering: .relaxed).oldValue
        watchers.withLock { $0[id] = (scope, changed) }
        return id
    }

    func unwatch(_ id: Int) {
        watchers.withLock { _ = $0.removeValue(forKey: id) }
    }

    // MARK: Reading

    /// The value of `key` as stored, nil when absent or expired.
    func value(_ key: StorageKey, now: Double) async throws -> [UInt8]? {
        let (owner, bot) = Self.columns(key.scope)
        return try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM bot_storage WHERE owner = ? AND bot = ? AND key = ?",
                                       arguments: [owner, bot, key.key])
            guard let row, let value: Data = row["value"] else { return nil }
            if let expires: Double = row["expires_at"], expires <= now { return nil }
            return [UInt8](value)
        }
    }

    /// The keys of `scope` that start with `prefix` and have not expired.
    func keys(in scope: StorageScope, prefix: String, now: Double) async throws -> Set<String> {
        let (owner, bot) = Self.columns(scope)
        return try await database.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT key FROM bot_storage WHERE owner = ? AND bot = ? AND substr(key, 1, length(?)) = ?
                AND (expires_at IS NULL OR expires_at > ?)
                """, arguments: [owner, bot, prefix, prefix, now]))
        }
    }

    /// The bytes each key of `scope` takes and when it expires, as stored; read again with `fresh`.
    func usage(of scope: StorageScope, fresh: Bool = false) async throws -> [String: StorageUsage] {
        if !fresh, let known = usage.withLock({ $0[scope] }) { return known }
        let (owner, bot) = Self.columns(scope)
        let sizes = try await database.read { db in
            var sizes: [String: StorageUsage] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT key, length(value) AS size, expires_at FROM bot_storage WHERE owner = ? AND bot = ?
                """, arguments: [owner, bot]) {
                let key: String = row["key"]
                let size: Int = row["size"]
                sizes[key] = StorageUsage(bytes: key.utf8.count + size, expires: row["expires_at"])
            }
            return sizes
        }
        usage.withLock { $0[scope] = sizes }
        return sizes
    }

    /// The bytes `scope` would hold at `now` with a call's `pending` changes and `key` taking `added`. Past the limit,
    /// the stored sizes are read again once (a value deleted from outside, say, no longer counts).
    func projectedBytes(of scope: StorageScope, with pending: [StorageKey: StorageChange], adding key: String,
                        _ added: StorageUsage, now: Double) async throws -> Int {
        func total(_ stored: [String: StorageUsage]) -> Int {
            var sizes = stored
            for (other, change) in pending { sizes[other.key] = StorageUsage(other.key, change) }
            sizes[key] = added
            return sizes.values.reduce(0) { $0 + $1.bytes(at: now) }
        }
        let projected = total(try await usage(of: scope))
        guard projected > limits.scopeBytes else { return projected }
        return total(try await usage(of: scope, fresh: true))
    }

    // MARK: Writing

    /// Writes a finished call's `changes` in one transaction, with the mark that message `marking.id` of the instance
    /// `marking.bot` in `marking.room` was handled when given (the ledger's `handled_above`, which the instance's
    /// record later folds into its watermark). Tried again with a growing pause when the database refuses, up to five
    /// times; throws the last error then.
    func commit(_ changes: [StorageKey: StorageChange], marking: (room: String, bot: String, id: Int64)? = nil) async throws {
        guard !changes.isEmpty else { return }
        var pause: Duration = .milliseconds(50)
        for attempt in 1...5 {
            do {
                try await database.write { db in
                    try Self.apply(changes, in: db)
                    if let marking { try HandledLedger.markHandled(room: marking.room, bot: marking.bot, id: marking.id, in: db) }
                }
                break
            } catch {
                if attempt == 5 { throw error }
                try? await Task.sleep(for: pause)
                pause *= 2
            }
        }
        usage.withLock { usage in
            for (key, change) in changes where usage[key.scope] != nil {
                usage[key.scope]?[key.key] = StorageUsage(key.key, change)
            }
        }
        for watcher in watchers.withLock({ Array($0.values) }) {
            let keys = Set(changes.keys.filter { $0.scope == watcher.scope }.map(\.key))
            if !keys.isEmpty { watcher.changed(keys) }
        }
    }

    /// Applies `changes` in `db`'s transaction, and drops rows that have expired.
    static func apply(_ changes: [StorageKey: StorageChange], in db: Database) throws {
        for (key, change) in changes {
            let (owner, bot) = columns(key.scope)
            switch change {
            case .set(let value, let expires):
                try db.execute(sql: """
                    INSERT INTO bot_storage (owner, bot, key, value, expires_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (owner, bot, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
                    """, arguments: [owner, bot, key.key, Data(value), expires])
            case .deleted:
                try db.execute(sql: "DELETE FROM bot_storage WHERE owner = ? AND bot = ? AND key = ?", arguments: [owner, bot, key.key])
            }
        }
        try db.execute(sql: "DELETE FROM bot_storage WHERE expires_at IS NOT NULL AND expires_at <= ?",
                       arguments: [Date().timeIntervalSince1970])
    }
}

/// What one key takes of its scope's limit: its bytes (key and value), until it expires.
struct StorageUsage: Sendable {
    let bytes: Int
    let expires: Double?

    init(bytes: Int, expires: Double?) {
        self.bytes = bytes
        self.expires = expires
    }

    /// What `change` makes `key` take; nil when it deletes it.
    init?(_ key: String, _ change: StorageChange) {
        guard case .set(let value, let expires) = change else { return nil }
        self.init(bytes: key.utf8.count + value.count, expires: expires)
    }

    /// The bytes it takes at `now` (none once expired).
    func bytes(at now: Double) -> Int {
        if let expires, expires <= now { return 0 }
        return bytes
    }
}
