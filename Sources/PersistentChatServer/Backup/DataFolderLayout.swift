import Foundation

/// Where pchatd keeps what it stores under its data folder: the database `pchat.sqlite` and the uploaded files
/// `files/KEY` (``FileStorage``). A backup folder has the same layout, plus its ``BackupManifest``.
struct DataFolderLayout: Sendable {
    /// The folder, absolute.
    let folder: URL

    init(_ path: String) {
        folder = URL(fileURLWithPath: path).standardizedFileURL
    }

    /// The database's name in the folder.
    static let databaseName = "pchat.sqlite"

    var path: String { folder.path }
    var database: String { folder.appendingPathComponent(Self.databaseName).path }
    var files: URL { folder.appendingPathComponent("files") }

    /// The stored file with key `key`.
    func file(key: String) -> URL { files.appendingPathComponent(key) }

    /// Whether `name` is a stored file's key (a lowercased UUID, as the server makes them).
    static func isFileKey(_ name: String) -> Bool {
        UUID(uuidString: name) != nil && name == name.lowercased()
    }

    /// A hidden sibling of this folder for work in progress, named after it (`.NAME.WORK-RANDOM`): on the same file
    /// system, so it can be renamed into place.
    func sibling(_ work: String) -> URL {
        folder.deletingLastPathComponent()
            .appendingPathComponent(".\(folder.lastPathComponent).\(work)-\(UUID().uuidString.lowercased().prefix(8))")
    }
}
