import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blocking reads from a child process's pipe that survive signals.
///
/// Foundation's `availableData` and `readDataToEndOfFile()` crash the process (a `try!` inside) when `read` is
/// interrupted by a signal, which happens when another child exits meanwhile (SIGCHLD).
enum PipeRead {
    /// The next bytes from `handle`, empty at end of file.
    static func chunk(_ handle: FileHandle) -> Data {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(handle.fileDescriptor, &buffer, buffer.count)
            if count >= 0 { return Data(buffer[0..<count]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything until end of file.
    static func all(_ handle: FileHandle) -> Data {
        var data = Data()
        while true {
            let next = chunk(handle)
            if next.isEmpty { return data }
            data += next
        }
    }
}
