import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file written under a hidden name beside its final one (0600), renamed into place only once it is whole and
/// synced: a failed write leaves nothing at the final name, and an earlier file there stays until the rename.
final class PartialFile {
    /// Where the file goes.
    let destination: URL
    /// Where it is written meanwhile.
    let partial: URL
    private var descriptor: Int32
    private var buffer: [UInt8] = []
    /// Bytes kept before a write.
    private static let bufferSize = 1 << 18

    /// Creates the hidden file beside `destination`, whose folder must exist.
    init(destination: URL) throws(DataFolderError) {
        self.destination = destination
        partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).partial-\(UUID().uuidString.lowercased().prefix(8))")
        descriptor = open(partial.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .posix("create \(partial.path)") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// Appends `bytes`.
    func append(_ bytes: some Sequence<UInt8>) throws(DataFolderError) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Writes what is buffered, syncs it, and renames the file into place (and syncs its folder).
    func commit() throws(DataFolderError) {
        try flush()
        guard fsync(descriptor) == 0 else { throw .posix("sync \(partial.path)") }
        close(descriptor)
        descriptor = -1
        try FileCopy.move(partial, to: destination)
        try FileCopy.syncFolder(destination.deletingLastPathComponent())
    }

    /// Drops the hidden file (after a failure); nothing changes at the destination.
    func abandon() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(partial.path)
    }

    private func flush() throws(DataFolderError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress.map { $0 + offset }, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw .posix("write \(partial.path)")
            }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    deinit { if descriptor >= 0 { close(descriptor) } }
}
