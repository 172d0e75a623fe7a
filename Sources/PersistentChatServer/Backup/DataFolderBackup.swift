import Foundation
import GRDB
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pchatd backup DEST`: a consistent copy of a data folder, taken while the server runs and takes posts.
///
/// The database is copied with SQLite's backup API inside one read transaction, so the copy is the database as it was
/// when the copy began: every post acknowledged before then is in it, and none half-written. The uploaded files its
/// records name are copied after it (a stored file never changes). Everything goes into a hidden folder beside
/// `DEST`, which is renamed to `DEST` once complete and synced, with ``BackupManifest`` written last; a failed backup
/// leaves no `DEST`. The copy is itself a data folder: a pchatd can run on it, or `pchatd restore` put it back.
public struct DataFolderBackup: Sendable {
    /// The server's data folder.
    public var dataDirectory: String
    /// The folder to create for the backup.
    public var destination: String
    /// Database pages copied per step of the backup API, between progress reports.
    public var pagesPerStep: Int32 = 256
    let logger: Logger

    /// What a backup copied.
    public struct Summary: Sendable {
        /// The backup's folder.
        public var destination: String
        /// What `backup.json` records: counts, identity, schema.
        public var manifest: BackupManifest
        /// Files the database names that were gone from the data folder when they were to be copied.
        public var missingFiles: [String]
    }

    /// A backup of `dataDirectory` into the new folder `destination`; warnings go to `logger`.
    public init(dataDirectory: String, destination: String, logger: Logger) {
        self.dataDirectory = dataDirectory
        self.destination = destination
        self.logger = logger
    }

    /// Makes the backup, reporting progress as it goes.
    public func run(progress: (BackupProgress) -> Void = { _ in }) throws(DataFolderError) -> Summary {
        let data = DataFolderLayout(dataDirectory)
        let target = DataFolderLayout(destination)
        guard !FileCopy.exists(target.folder) else { throw .destinationExists(path: target.path) }
        let parent = target.folder.deletingLastPathComponent()
        guard FileCopy.isFolder(parent) else { throw .missingFolder(path: parent.path, of: "the backup") }
        let source = try StoredDatabase.openLive(data)
        let work = DataFolderLayout(target.sibling("partial").path)
        try FileCopy.makeFolder(work.folder)
        do {
            let created = ISO8601DateFormatter().string(from: Date())
            let (facts, records) = try copyDatabase(from: source, to: work.database, progress: progress)
            try? source.close()
            let (copied, bytes, missing) = try copyFiles(records, from: data, to: work, progress: progress)
            let manifest = BackupManifest(format: BackupManifest.formatName, version: BackupManifest.currentVersion,
                                          created: created, databaseId: facts.databaseId, schema: facts.schema,
                                          messages: facts.messages, files: copied, fileBytes: bytes)
            try FileCopy.writeFile(manifest.encoded(), to: work.folder.appendingPathComponent(BackupManifest.fileName))
            try FileCopy.syncFolder(work.folder)
            try FileCopy.move(work.folder, to: target.folder)
            try FileCopy.syncFolder(parent)
            return Summary(destination: target.path, manifest: manifest, missingFiles: missing)
        } catch {
            try? FileManager.default.removeItem(at: work.folder)
            throw error
        }
    }

    /// Copies the live database into a new file at `path` in the backup API's steps, then makes the copy a file of
    /// its own (rollback journal, not a write-ahead log) and checks it. Returns its facts and file records.
    private func copyDatabase(from source: DatabaseQueue, to path: String,
                              progress: (BackupProgress) -> Void) throws(DataFolderError) -> (StoredDatabase.Facts, [StoredDatabase.FileRecord]) {
        let created = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard created >= 0 else { throw .posix("create \(path)") }
        close(created)
        return try StoredDatabase.wrapping(path) {
            let copy = try DatabaseQueue(path: path)
            try copy.writeWithoutTransaction { copyDb in
                try source.read { sourceDb in
                    // The read transaction's snapshot begins with its first read: every step copies that one state.
                    _ = try Int.fetchOne(sourceDb, sql: "SELECT COUNT(*) FROM sqlite_master")
                    try withoutActuallyEscaping(progress) { progress in
                        try sourceDb.backup(to: copyDb, pagesPerStep: pagesPerStep) { step in
                            progress(BackupProgress(stage: .database, completed: Int64(step.completedPageCount),
                                                    total: Int64(step.totalPageCount)))
                        }
                    }
                }
            }
            // The copied header says "write-ahead log", as the source's does; a backup is one self-contained file.
            try copy.writeWithoutTransaction { db in _ = try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
            let described = try copy.read { db in
                let check = try String.fetchAll(db, sql: "PRAGMA quick_check")
                guard check == ["ok"] else {
                    throw DataFolderError.database(path: path, reason: "the copy failed its check: \(check.prefix(3).joined(separator: "; "))")
                }
                return (try StoredDatabase.facts(db), try StoredDatabase.fileRecords(db))
            }
            try copy.close()
            return described
        }
    }

    /// Copies the files `records` name from the data folder into the backup; a file gone meanwhile (its upload
    /// failed and was cleaned up) is logged and left out. Returns the files copied, their bytes and the keys left out.
    private func copyFiles(_ records: [StoredDatabase.FileRecord], from data: DataFolderLayout, to work: DataFolderLayout,
                           progress: (BackupProgress) -> Void) throws(DataFolderError) -> (Int, Int64, [String]) {
        try FileCopy.makeFolder(work.files)
        let total = records.reduce(Int64(0)) { $0 + $1.size }
        var done: Int64 = 0
        var copied = 0
        var missing: [String] = []
        progress(BackupProgress(stage: .files, completed: 0, total: total))
        for record in records where DataFolderLayout.isFileKey(record.key) {
            let source = data.file(key: record.key)
            guard FileCopy.exists(source) else {
                logger.warning("a file the database names is not in the data folder; the backup goes on without it",
                               metadata: ["key": "\(record.key)", "path": "\(source.path)"])
                missing.append(record.key)
                continue
            }
            try FileCopy.copy(source, to: work.file(key: record.key)) { bytes in
                done += bytes
                progress(BackupProgress(stage: .files, completed: min(done, total), total: total))
            }
            copied += 1
        }
        try FileCopy.syncFolder(work.files)
        return (copied, done, missing)
    }
}
