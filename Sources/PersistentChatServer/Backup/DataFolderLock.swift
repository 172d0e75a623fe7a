import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock on the data folder: an exclusive `flock` on `pchatd.lock` in it, held by a running pchatd for the
/// whole of its run and by a restore while it works, so neither starts while the other holds the folder.
///
/// The lock belongs to the open file, so the kernel releases it when its holder exits, however it exits, and two
/// holders in one process exclude each other as two processes do. The file holds the holder's process id and
/// purpose, for the refusal's message. Its descriptor is closed on `exec`, so child processes never inherit it.
public final class DataFolderLock: Sendable {
    /// The lock file's name in the data folder.
    public static let fileName = "pchatd.lock"

    /// The lock file.
    public let path: String
    private let folder: String
    private let holder: String
    /// The locked file's descriptor; nil once released.
    private let descriptor = Mutex<Int32?>(nil)

    /// Takes the lock of the data folder `dataDirectory` (which must exist) for `purpose` (e.g. `pchatd serve`), or
    /// throws ``DataFolderError/inUse(folder:holder:)`` when another holder has it.
    public init(dataDirectory: String, purpose: String) throws(DataFolderError) {
        folder = dataDirectory
        path = URL(fileURLWithPath: dataDirectory).appendingPathComponent(Self.fileName).path
        holder = "\(purpose) (pid \(getpid()))"
        try hold()
    }

    /// Takes the lock again after ``release()``; does nothing while it is held.
    public func hold() throws(DataFolderError) {
        let result: Result<Void, DataFolderError> = descriptor.withLock { descriptor in
            if descriptor != nil { return .success(()) }
            let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return .failure(.posix("open \(path)")) }
            guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
                let busy = errno == EWOULDBLOCK
                let error: DataFolderError = busy ? .inUse(folder: folder, holder: Self.holder(of: fd)) : .posix("lock \(path)")
                close(fd)
                return .failure(error)
            }
            _ = fchmod(fd, 0o600)
            let text = Array("\(holder)\n".utf8)
            if ftruncate(fd, 0) == 0 {
                _ = text.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
            }
            descriptor = fd
            return .success(())
        }
        try result.get()
    }

    /// Lets the lock go (closing the file); harmless when already released.
    public func release() {
        descriptor.withLock { descriptor in
            if let fd = descriptor { close(fd) }
            descriptor = nil
        }
    }

    deinit { release() }

    /// What the current holder wrote into the lock file, if anything.
    private static func holder(of fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        let text = String(decoding: buffer[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
