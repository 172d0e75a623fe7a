import Foundation
import GRDB

/// What `bothost storage` shows and changes: the stored values of the ledger at a path, read and deleted directly in
/// its database (a running host may hold them too: it writes a key again when its bot does).
package struct StorageAdministration: Sendable {
    private let database: DatabaseQueue

    /// One scope: a bot instance in a room (`room` a room URI) or a bot type's shared storage (`room` nil).
    package struct Scope: Sendable, Equatable {
        package var room: String?
        package var bot: String
        package var keys: Int
        package var bytes: Int
    }

    /// Opens the ledger at `path` (read-only unless `writing`), waiting up to 5 s for a running host's writes;
    /// throws when there is none.
    package init(ledgerPath path: String, writing: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw BotStorageError(key: "", reason: "there is no ledger at \(path)")
        }
        var configuration = Configuration()
        configuration.readonly = !writing
        configuration.busyMode = .timeout(5)
        database = try DatabaseQueue(path: path, configuration: configuration)
    }

    /// Whether the ledger has stored values at all (a ledger from before storage has no table).
    private func hasTable(_ db: Database) throws -> Bool {
        try db.tableExists("bot_storage")
    }

    /// Every scope that holds a value, with its number of keys and bytes.
    package func scopes() throws -> [Scope] {
        try database.read { db in
            guard try hasTable(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT owner, bot, count(*) AS keys, sum(length(CAST(key AS BLOB)) + length(value)) AS bytes FROM bot_storage
                WHERE expires_at IS NULL OR expires_at > ?
                GROUP BY owner, bot ORDER BY owner, bot
                """, arguments: [Date().timeIntervalSince1970]).map { row in
                let owner: String = row["owner"]
                return Scope(room: owner == "*" ? nil : owner, bot: row["bot"], keys: row["keys"], bytes: row["bytes"])
            }
        }
    }

    /// The keys of a scope that start with `prefix`, with their size and expiry (seconds since 1970), sorted.
    package func keys(room: String?, bot: String, prefix: String) throws -> [(key: String, bytes: Int, expires: Double?)] {
        try database.read { db in
            guard try hasTable(db) else { return [] }
            return try Row.fetchAll(db, sql: """
                SELECT key, length(value) AS bytes, expires_at FROM bot_storage
                WHERE owner = ? AND bot = ? AND substr(key, 1, length(?)) = ? ORDER BY key
                """, arguments: [room ?? "*", bot, prefix, prefix]).map { ($0["key"], $0["bytes"], $0["expires_at"]) }
        }
    }

    /// The value of `key` as the JSON stored, or nil.
    package func value(room: String?, bot: String, key: String) throws -> String? {
        try database.read { db in
            guard try hasTable(db) else { return nil }
            return try Data.fetchOne(db, sql: "SELECT value FROM bot_storage WHERE owner = ? AND bot = ? AND key = ?",
                              arguments: [room ?? "*", bot, key]).map { String(decoding: $0, as: UTF8.self) }
        }
    }

    /// Deletes `key`; false when it was not there.
    package func delete(room: String?, bot: String, key: String) throws -> Bool {
        try database.write { db in
            guard try hasTable(db) else { return false }
            try db.execute(sql: "DELETE FROM bot_storage WHERE owner = ? AND bot = ? AND key = ?", arguments: [room ?? "*", bot, key])
            return db.changesCount > 0
        }
    }
}
