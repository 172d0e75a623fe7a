import Foundation

/// Why a backup, a restore or an export could not be made; each case names the path or value that was wrong.
public enum DataFolderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Another process holds the data folder's lock: a running pchatd, or a restore. `holder` is what it wrote there.
    case inUse(folder: String, holder: String?)
    /// The data folder has no database.
    case noDatabase(path: String)
    /// The backup's folder exists already.
    case destinationExists(path: String)
    /// A folder a path needs does not exist.
    case missingFolder(path: String, of: String)
    /// The restore's source is not a backup pchatd made, or is damaged.
    case notABackup(path: String, reason: String)
    /// The backup holds a schema this pchatd does not know.
    case newerBackup(path: String)
    /// The restore would replace a data folder that holds a database, and was not told to.
    case holdsData(path: String)
    /// A file operation failed.
    case io(String)
    /// The database could not be read or written.
    case database(path: String, reason: String)
    /// An export named rooms the database does not have.
    case unknownRooms(names: [String], database: String)
    /// An option's value is not a date.
    case badDate(option: String, value: String)

    public var description: String {
        switch self {
        case .inUse(let folder, let holder):
            "the data folder \(folder) is in use by \(holder ?? "another process"); stop it first"
        case .noDatabase(let path):
            "no database at \(path): is server.yaml's data folder right?"
        case .destinationExists(let path):
            "\(path) already exists; name a folder that does not exist yet"
        case .missingFolder(let path, let of):
            "the folder \(path) (where \(of) goes) does not exist"
        case .notABackup(let path, let reason):
            "\(path) is not a pchatd backup: \(reason)"
        case .newerBackup(let path):
            "\(path) was made by a newer pchatd (its schema has migrations this version does not know); restore it with that version"
        case .holdsData(let path):
            "the data folder \(path) already holds a database; pass --replace to replace it with the backup"
        case .io(let reason):
            reason
        case .database(let path, let reason):
            "\(path): \(reason)"
        case .unknownRooms(let names, let database):
            "no room named \(names.map { "'\($0)'" }.joined(separator: ", ")) in \(database)"
        case .badDate(let option, let value):
            "\(option): '\(value)' is not a date; give YYYY-MM-DD (UTC) or an ISO 8601 time such as 2026-01-05T09:30:00Z"
        }
    }
}

extension DataFolderError {
    /// The error in `errno`, naming what failed.
    static func posix(_ what: String) -> DataFolderError {
        .io("\(what): \(String(cString: strerror(errno)))")
    }
}
