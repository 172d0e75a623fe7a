import Foundation

/// `backup.json`, written last into a backup folder: what marks the folder as a pchatd backup, and what a restore checks
/// the folder against.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The manifest's name in a backup folder.
    public static let fileName = "backup.json"
    /// The value of ``format`` in every backup.
    public static let formatName = "pchatd-backup"
    /// The layout version this pchatd writes and reads.
    public static let currentVersion = 1

    /// Always ``formatName``.
    public var format: String
    /// The backup layout's version.
    public var version: Int
    /// When the copy of the database was taken, ISO 8601 in UTC.
    public var created: String
    /// The database's identity (`server_meta.database_id`), which the copy must hold.
    public var databaseId: String
    /// The last schema migration the database had.
    public var schema: String
    /// Messages in the copy.
    public var messages: Int
    /// Uploaded files copied into `files/`, and their bytes together.
    public var files: Int
    public var fileBytes: Int64

    /// Reads the manifest of the backup folder `folder`, or throws ``DataFolderError/notABackup(path:reason:)``.
    static func read(from folder: URL) throws(DataFolderError) -> BackupManifest {
        guard FileCopy.isFolder(folder) else {
            throw .notABackup(path: folder.path, reason: FileCopy.exists(folder) ? "it is not a folder" : "it does not exist")
        }
        let url = folder.appendingPathComponent(fileName)
        guard let data = try? Data(contentsOf: url) else {
            throw .notABackup(path: folder.path, reason: "it has no readable \(fileName)")
        }
        let manifest: BackupManifest
        do {
            manifest = try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw .notABackup(path: folder.path, reason: "\(fileName) is not a backup manifest")
        }
        guard manifest.format == formatName else {
            throw .notABackup(path: folder.path, reason: "\(fileName) has format '\(manifest.format)', not '\(formatName)'")
        }
        guard manifest.version <= currentVersion else {
            throw .notABackup(path: folder.path, reason: "its layout version \(manifest.version) is newer than this pchatd's (\(currentVersion))")
        }
        return manifest
    }

    /// The manifest as the file holds it: pretty, keys sorted.
    func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data()) + Data("\n".utf8)
    }
}
