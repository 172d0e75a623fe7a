import Foundation
import Logging
import YAMLConfig
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The data folder and the database's files, private to the server's user whatever the umask: the folder 0700, the
/// database and its `-wal` and `-shm` files 0600. What an earlier run (or an operator) left with looser modes is
/// narrowed, with a warning that names it.
enum DataFolder {
    /// Creates the folder 0700, or narrows an existing one.
    static func prepare(_ path: String, logger: Logger) throws {
        let before = mode(of: path)
        try PrivateFiles.createFolder(atPath: path)
        if let before, before & 0o077 != 0 {
            logger.warning("the data folder was open to other users; narrowed to 0700",
                           metadata: ["path": "\(path)", "mode": "\(String(before, radix: 8))"])
        }
    }

    /// Creates the database file 0600 when missing (SQLite then creates `-wal` and `-shm` with its mode), and
    /// narrows the database's existing files.
    static func prepareDatabase(_ path: String, logger: Logger) throws {
        if mode(of: path) == nil {
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 { close(fd) }
        }
        for file in [path, path + "-wal", path + "-shm"] {
            guard let before = mode(of: file), before & 0o077 != 0 || before & 0o600 != 0o600 else { continue }
            try PrivateFiles.restrict(file, to: 0o600)
            if before & 0o077 != 0 {
                logger.warning("a database file was open to other users; narrowed to 0600",
                               metadata: ["path": "\(file)", "mode": "\(String(before, radix: 8))"])
            }
        }
    }

    /// The permission bits of `path`; nil when it does not exist.
    static func mode(of path: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
    }
}
