import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Copies files byte for byte into new files only their owner may read (0600), synced before they are named done.
enum FileCopy {
    /// The size of one read.
    static let chunk = 1 << 20

    /// Copies `source` to the new file `destination` (which must not exist) and syncs it; `copied` is told the bytes
    /// of each chunk. Returns the bytes copied.
    @discardableResult
    static func copy(_ source: URL, to destination: URL, copied: (Int64) -> Void = { _ in }) throws(DataFolderError) -> Int64 {
        let input = open(source.path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .posix("open \(source.path)") }
        defer { close(input) }
        let output = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .posix("create \(destination.path)") }
        defer { close(output) }
        guard fchmod(output, 0o600) == 0 else { throw .posix("chmod \(destination.path)") }
        var buffer = [UInt8](repeating: 0, count: chunk)
        var total: Int64 = 0
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .posix("read \(source.path)")
            }
            if count == 0 { break }
            var offset = 0
            while offset < count {
                let written = buffer.withUnsafeBytes { write(output, $0.baseAddress.map { $0 + offset }, count - offset) }
                if written < 0 {
                    if errno == EINTR { continue }
                    throw .posix("write \(destination.path)")
                }
                offset += written
            }
            total += Int64(count)
            copied(Int64(count))
        }
        guard fsync(output) == 0 else { throw .posix("sync \(destination.path)") }
        return total
    }

    /// Copies `source` to `destination` through a hidden file beside it that is renamed into place once synced, so
    /// `destination` is never seen half-written.
    @discardableResult
    static func copyAtomically(_ source: URL, to destination: URL, copied: (Int64) -> Void = { _ in }) throws(DataFolderError) -> Int64 {
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString.lowercased().prefix(8))")
        do {
            let bytes = try copy(source, to: partial, copied: copied)
            try move(partial, to: destination)
            return bytes
        } catch {
            unlink(partial.path)
            throw error
        }
    }

    /// Renames `source` to `destination` (replacing a file there).
    static func move(_ source: URL, to destination: URL) throws(DataFolderError) {
        guard rename(source.path, destination.path) == 0 else {
            throw .posix("rename \(source.path) to \(destination.path)")
        }
    }

    /// Creates `folder` 0700; its parent must exist.
    static func makeFolder(_ folder: URL) throws(DataFolderError) {
        guard mkdir(folder.path, 0o700) == 0 else { throw .posix("create folder \(folder.path)") }
        guard chmod(folder.path, 0o700) == 0 else { throw .posix("chmod \(folder.path)") }
    }

    /// Syncs a folder, so the names created or renamed in it are on disk.
    static func syncFolder(_ folder: URL) throws(DataFolderError) {
        do {
            try FileStorage.syncFolder(folder.path)
        } catch {
            throw .io("sync \(folder.path): \(error.localizedDescription)")
        }
    }

    /// Writes `data` to the new file `destination` (0600) and syncs it.
    static func writeFile(_ data: Data, to destination: URL) throws(DataFolderError) {
        let output = open(destination.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard output >= 0 else { throw .posix("create \(destination.path)") }
        defer { close(output) }
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { write(output, $0.baseAddress.map { $0 + offset }, data.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .posix("write \(destination.path)")
            }
            offset += written
        }
        guard fsync(output) == 0 else { throw .posix("sync \(destination.path)") }
    }

    /// The size of the file at `url`; nil when it is missing.
    static func size(of url: URL) -> Int64? {
        var info = stat()
        guard stat(url.path, &info) == 0 else { return nil }
        return Int64(info.st_size)
    }

    /// Whether something exists at `url` (a dangling link counts).
    static func exists(_ url: URL) -> Bool {
        var info = stat()
        return lstat(url.path, &info) == 0
    }

    /// Whether `url` is a folder.
    static func isFolder(_ url: URL) -> Bool {
        var info = stat()
        return stat(url.path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
