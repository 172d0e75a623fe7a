import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `pchatd restore SRC`: puts a backup (``DataFolderBackup``) in place as the data folder.
///
/// It refuses a source that is not a whole pchatd backup (no manifest, a database that fails its check or is not the
/// manifest's, files that do not add up) and a data folder that a running pchatd holds (``DataFolderLock``). The copy
/// is made in a hidden folder beside the data folder, locked from the start, synced, and then swapped in by renames;
/// the data folder is either the old one or the whole restored one, never a mixture. The replaced folder is deleted.
public struct DataFolderRestore: Sendable {
    /// The backup folder.
    public var source: String
    /// The server's data folder.
    public var dataDirectory: String
    /// Whether a data folder that holds a database may be replaced.
    public var replace: Bool
    let logger: Logger

    /// What a restore put in place.
    public struct Summary: Sendable {
        /// The data folder, now the backup's.
        public var dataDirectory: String
        /// The restored backup's `backup.json`.
        public var manifest: BackupManifest
        /// Whether a data folder with a database was replaced.
        public var replaced: Bool
    }

    /// A restore of the backup `source` into `dataDirectory`, replacing a database there only when `replace`.
    public init(source: String, dataDirectory: String, replace: Bool = false, logger: Logger) {
        self.source = source
        self.dataDirectory = dataDirectory
        self.replace = replace
        self.logger = logger
    }

    /// Checks the backup, then restores it, reporting progress in bytes.
    public func run(progress: (BackupProgress) -> Void = { _ in }) throws(DataFolderError) -> Summary {
        let backup = DataFolderLayout(source)
        let manifest = try BackupManifest.read(from: backup.folder)
        let facts = try StoredDatabase.verify(copy: backup.database, backup: backup.path)
        guard facts.databaseId == manifest.databaseId else {
            throw .notABackup(path: backup.path, reason: "its database is \(facts.databaseId), the manifest names \(manifest.databaseId)")
        }
        let files = try backupFiles(backup, manifest: manifest)

        let data = DataFolderLayout(dataDirectory)
        let parent = data.folder.deletingLastPathComponent()
        guard FileCopy.isFolder(parent) else { throw .missingFolder(path: parent.path, of: "the data folder") }
        let exists = FileCopy.exists(data.folder)
        // Held until the swap is done: no pchatd starts on the old folder meanwhile.
        let oldLock = exists ? try DataFolderLock(dataDirectory: data.path, purpose: "pchatd restore") : nil
        defer { oldLock?.release() }
        let hadDatabase = FileCopy.exists(URL(fileURLWithPath: data.database))
        if hadDatabase, !replace { throw .holdsData(path: data.path) }

        let work = DataFolderLayout(data.sibling("restoring").path)
        try FileCopy.makeFolder(work.folder)
        do {
            // Locked before it becomes the data folder, so a pchatd never sees it half-made.
            let newLock = try DataFolderLock(dataDirectory: work.path, purpose: "pchatd restore")
            defer { newLock.release() }
            let total = (FileCopy.size(of: URL(fileURLWithPath: backup.database)) ?? 0) + manifest.fileBytes
            var done: Int64 = 0
            func count(_ bytes: Int64) {
                done += bytes
                progress(BackupProgress(stage: .files, completed: min(done, total), total: total))
            }
            progress(BackupProgress(stage: .files, completed: 0, total: total))
            try FileCopy.copy(URL(fileURLWithPath: backup.database), to: URL(fileURLWithPath: work.database), copied: count)
            try FileCopy.makeFolder(work.files)
            for key in files { try FileCopy.copy(backup.file(key: key), to: work.file(key: key), copied: count) }
            try FileCopy.syncFolder(work.files)
            try FileCopy.syncFolder(work.folder)
            try swap(work, into: data, exists: exists)
        } catch {
            try? FileManager.default.removeItem(at: work.folder)
            throw error
        }
        return Summary(dataDirectory: data.path, manifest: manifest, replaced: hadDatabase)
    }

    /// The keys of the backup's files, checked against the manifest's count and bytes.
    private func backupFiles(_ backup: DataFolderLayout, manifest: BackupManifest) throws(DataFolderError) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: backup.files.path)) ?? []
        let keys = names.filter(DataFolderLayout.isFileKey).sorted()
        let bytes = keys.reduce(Int64(0)) { $0 + (FileCopy.size(of: backup.file(key: $1)) ?? 0) }
        guard keys.count == manifest.files, bytes == manifest.fileBytes else {
            throw .notABackup(path: backup.path, reason: """
                its files/ holds \(keys.count) files of \(bytes) bytes, the manifest says \(manifest.files) of \(manifest.fileBytes)
                """)
        }
        return keys
    }

    /// Renames the restored folder into the data folder's place. An existing data folder is first renamed aside, put
    /// back if the second rename fails, and deleted once the restored one is in place.
    private func swap(_ work: DataFolderLayout, into data: DataFolderLayout, exists: Bool) throws(DataFolderError) {
        let parent = data.folder.deletingLastPathComponent()
        guard exists else {
            try FileCopy.move(work.folder, to: data.folder)
            try FileCopy.syncFolder(parent)
            return
        }
        let aside = data.sibling("replaced")
        try FileCopy.move(data.folder, to: aside)
        do {
            try FileCopy.move(work.folder, to: data.folder)
        } catch {
            if (try? FileCopy.move(aside, to: data.folder)) == nil {
                throw .io("\(error); the previous data folder is at \(aside.path)")
            }
            throw error
        }
        try FileCopy.syncFolder(parent)
        do {
            try FileManager.default.removeItem(at: aside)
        } catch {
            logger.warning("the replaced data folder could not be deleted", metadata: ["path": "\(aside.path)", "error": "\(error)"])
        }
    }
}
