import Foundation
import GRDB
import Synchronization

/// Where the bots' stored values live: the `bot_storage` table of the host's ledger database (or, with `ledger: off`,
/// an in-memory one that lasts as long as the process), and the values of calls that finished but whose ledger
/// records are not written yet (the *staged* ones), which every later call reads first.
///
/// A message's handler writes into its call (``StorageCall``); when the call completes, its changes are staged here
/// and travel with the message's handled mark, written in the same transaction (``HandledLedger``): after a crash
/// either both are there or neither, and the message handed over again finds the values as they were before it.
package final class BotStore: Sendable {
    /// Longest key, in bytes of UTF-8.
    static let longestKey = 256
    /// How much may be stored.
    let limits: StorageLimits
    let database: DatabaseQueue
    let locks = ScopeLocks()
    private struct Staged {
        var change: StorageChange
        var version: Int
    }
    private let staged = Mutex<(changes: [StorageKey: Staged], version: Int)>(([:], 0))
    /// The bytes each key of a scope takes (key and value) and when it expires, for the scopes read so far: the stored
    /// rows with the staged changes applied.
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

    /// The `owner` and `bot` columns of a scope: the room and the instance, or `*` and the bot type.
    static func columns(_ scope: StorageScope) -> (owner: String, bot: String) {
        switch scope {
        case .instance(let room, let bot): (room, bot)
        case .shared(let type): ("*", type)
        }
    }

    // MARK: Reading

    /// The value of `key` as it stands (staged first, then stored), nil when absent or expired.
    func value(_ key: StorageKey, now: Double) async throws -> [UInt8]? {
        if let change = staged.withLock({ $0.changes[key]?.change }) { return change.value(at: now) }
        let (owner, bot) = Self.columns(key.scope)
        return try await database.read { db in
            let row = try Row.fetchOne(db, sql: "SELECT value, expires_at FROM bot_storage WHERE owner = ? AND bot = ? AND key = ?",
                                       arguments: [owner, bot, key.key])
            guard let row, let value: Data = row["value"] else { return nil }
            if let expires: Double = row["expires_at"], expires <= now { return nil }
            return [UInt8](value)
        }
    }

    /// The keys of `scope` that start with `prefix` and have not expired (staged changes included).
    func keys(in scope: StorageScope, prefix: String, now: Double) async throws -> Set<String> {
        let (owner, bot) = Self.columns(scope)
        var keys = try await database.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT key FROM bot_storage WHERE owner = ? AND bot = ? AND substr(key, 1, length(?)) = ?
                AND (expires_at IS NULL OR expires_at > ?)
                """, arguments: [owner, bot, prefix, prefix, now]))
        }
        for (key, entry) in staged.withLock({ $0.changes }) where key.scope == scope && key.key.hasPrefix(prefix) {
            if entry.change.value(at: now) == nil { keys.remove(key.key) } else { keys.insert(key.key) }
        }
        return keys
    }

    /// The bytes each key of `scope` takes and when it expires, as stored and staged.
    func usage(of scope: StorageScope) async throws -> [String: StorageUsage] {
        if let known = usage.withLock({ $0[scope] }) { return known }
        let (owner, bot) = Self.columns(scope)
        var sizes = try await database.read { db in
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
        return usage.withLock { usage in
            // Staged meanwhile, or read by another call first: that one stands.
            if let known = usage[scope] { return known }
            for (key, entry) in staged.withLock({ $0.changes }) where key.scope == scope {
                sizes[key.key] = StorageUsage(key.key, entry.change)
            }
            usage[scope] = sizes
            return sizes
        }
    }

    // MARK: Staging and writing

    /// Makes a finished call's `changes` what later calls read, until ``written(_:)``; returns them as they are to be
    /// written.
    func stage(_ changes: [StorageKey: StorageChange]) -> StagedStorage? {
        guard !changes.isEmpty else { return nil }
        let version = staged.withLock { staged -> Int in
            staged.version += 1
            for (key, change) in changes { staged.changes[key] = Staged(change: change, version: staged.version) }
            return staged.version
        }
        usage.withLock { usage in
            for (key, change) in changes where usage[key.scope] != nil {
                usage[key.scope]?[key.key] = StorageUsage(key.key, change)
            }
        }
        return StagedStorage(changes: changes, version: version)
    }

    /// `staged` is in the database: reads go there again for its keys (unless a later call changed them since).
    func written(_ staged: StagedStorage) {
        self.staged.withLock { state in
            for key in staged.changes.keys where state.changes[key]?.version == staged.version {
                state.changes[key] = nil
            }
        }
    }

    /// Writes `staged` in a transaction of its own (a call that marks no message: an event, a timer, a webhook, or a
    /// host without a ledger).
    func writeNow(_ staged: StagedStorage) async throws {
        try await database.write { db in try Self.apply(staged, in: db) }
        written(staged)
    }

    /// Applies `staged` in `db`'s transaction, and drops rows that have expired.
    static func apply(_ staged: StagedStorage, in db: Database) throws {
        for (key, change) in staged.changes {
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

/// A finished call's changes, staged, on their way to the database.
struct StagedStorage: Sendable {
    let changes: [StorageKey: StorageChange]
    let version: Int
}
