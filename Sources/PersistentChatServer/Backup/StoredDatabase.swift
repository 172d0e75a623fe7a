import Foundation
import GRDB

/// Opening and describing a pchatd database for a backup, a restore or an export: the live one, read while a server
/// may be writing it, or a backup's copy.
enum StoredDatabase {
    /// What a backup records about a database.
    struct Facts: Sendable {
        var databaseId: String
        var schema: String
        var messages: Int
    }

    /// A stored file's record: its key and recorded size.
    struct FileRecord: Sendable {
        var key: String
        var size: Int64
    }

    /// Opens the data folder's database for reading alongside a running server; callers read in one transaction
    /// (`read`), which sees one consistent state whatever the server commits meanwhile. Never creates a database: a
    /// missing one is ``DataFolderError/noDatabase(path:)``.
    ///
    /// One read-write connection, not a `DatabasePool`: a pool's readers are read-only, and the last connection to
    /// close must be able to checkpoint, so that a backup or export of a stopped server's folder leaves no `-wal`.
    static func openLive(_ layout: DataFolderLayout) throws(DataFolderError) -> DatabaseQueue {
        guard FileCopy.exists(URL(fileURLWithPath: layout.database)) else { throw .noDatabase(path: layout.database) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "backup"
        return try wrapping(layout.database) { try DatabaseQueue(path: layout.database, configuration: configuration) }
    }

    /// The identity, schema and message count of the database `db` reads.
    static func facts(_ db: Database) throws -> Facts {
        Facts(databaseId: try String.fetchOne(db, sql: "SELECT value FROM server_meta WHERE key = 'database_id'") ?? "",
              schema: try StoreSchema.migrator.appliedMigrations(db).last ?? "",
              messages: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages") ?? 0)
    }

    /// Every stored file's record.
    static func fileRecords(_ db: Database) throws -> [FileRecord] {
        try Row.fetchAll(db, sql: "SELECT storage_key, size FROM files ORDER BY id").map {
            FileRecord(key: $0["storage_key"], size: $0["size"])
        }
    }

    /// Checks that the file at `path` is a whole pchatd database this version can run (SQLite's `quick_check`, the
    /// schema's migrations, an identity) without changing it, and returns its facts. `backup` names the folder in
    /// errors.
    static func verify(copy path: String, backup: String) throws(DataFolderError) -> Facts {
        guard FileCopy.exists(URL(fileURLWithPath: path)) else {
            throw .notABackup(path: backup, reason: "it has no \(DataFolderLayout.databaseName)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        let outcome: Result<Facts, DataFolderError>
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            outcome = try queue.read { db -> Result<Facts, DataFolderError> in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    return .failure(.notABackup(path: backup, reason: "its database is damaged (\(check.prefix(3).joined(separator: "; ")))"))
                }
                guard try db.tableExists("server_meta"), try db.tableExists("messages") else {
                    return .failure(.notABackup(path: backup, reason: "its database is not a pchatd database"))
                }
                if try StoreSchema.migrator.hasBeenSuperseded(db) { return .failure(.newerBackup(path: backup)) }
                return .success(try facts(db))
            }
            try queue.close()
        } catch {
            throw .notABackup(path: backup, reason: "its database cannot be read (\(error))")
        }
        return try outcome.get()
    }

    /// Runs `body`, turning a database error into ``DataFolderError/database(path:reason:)``.
    static func wrapping<T>(_ path: String, _ body: () throws -> T) throws(DataFolderError) -> T {
        do {
            return try body()
        } catch let error as DataFolderError {
            throw error
        } catch {
            throw .database(path: path, reason: "\(error)")
        }
    }
}
