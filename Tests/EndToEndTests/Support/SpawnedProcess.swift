import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with `posix_spawn`, its standard streams piped or sent to /dev/null.
///
/// Not Foundation's `Process`: on Linux its `run()` over-reads `/proc/self/fd` entries while closing inherited
/// descriptors and crashes the test process now and then (swift-corelibs-foundation PR 5472; seen here as a SIGSEGV
/// in `Process.run` under `PchatProcess.run`). Here the child closes everything above its three streams itself.
final class SpawnedProcess: Sendable {
    let pid: pid_t
    /// The parent's end of the child's standard input, when piped.
    let input: FileHandle?
    /// The parent's ends of the child's standard output and error, when piped.
    let output: FileHandle?
    let errors: FileHandle?
    private let reaped = Mutex<Int32?>(nil)

    enum Stream { case pipe, discard }

    struct SpawnError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    init(_ executable: URL, _ arguments: [String], environment: [String: String],
         stdin: Stream = .discard, stdout: Stream = .pipe, stderr: Stream = .pipe) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var parentEnds: [Int32?] = []
        var childEnds: [Int32] = []
        for (target, stream) in [(Int32(0), stdin), (1, stdout), (2, stderr)] {
            switch stream {
            case .discard:
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", target == 0 ? O_RDONLY : O_WRONLY, 0)
                parentEnds.append(nil)
            case .pipe:
                var fds: [Int32] = [0, 0]
                guard GlibcExtras.pipe2(&fds, O_CLOEXEC) == 0 else { throw SpawnError(call: "pipe2", code: errno) }
                let (parent, child) = target == 0 ? (fds[1], fds[0]) : (fds[0], fds[1])
                posix_spawn_file_actions_adddup2(&actions, child, target)
                parentEnds.append(parent)
                childEnds.append(child)
            }
        }
        guard GlibcExtras.addCloseFrom(&actions, 3) == 0 else { throw SpawnError(call: "posix_spawn_file_actions_addclosefrom_np", code: errno) }
        let argv = ([executable.path] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable.path, &actions, nil, argv, envp)
        for fd in childEnds { close(fd) }
        guard result == 0 else {
            for case let fd? in parentEnds { close(fd) }
            throw SpawnError(call: "posix_spawn \(executable.lastPathComponent)", code: result)
        }
        self.pid = pid
        input = parentEnds[0].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        output = parentEnds[1].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
        errors = parentEnds[2].map { FileHandle(fileDescriptor: $0, closeOnDealloc: true) }
    }

    /// Whether the child has not exited yet (reaping it if it has).
    var isRunning: Bool {
        if reaped.withLock({ $0 }) != nil { return false }
        var status: Int32 = 0
        switch waitpid(pid, &status, WNOHANG) {
        case 0: return true
        case pid:
            record(status)
            return false
        default:
            return false
        }
    }

    func signal(_ number: Int32) { kill(pid, number) }

    /// Blocks until the child exits; its exit code, or the number of the signal that ended it.
    func waitUntilExit() -> Int32 {
        var status: Int32 = 0
        while true {
            if let known = reaped.withLock({ $0 }) { return known }
            let result = waitpid(pid, &status, 0)
            if result == pid { return record(status) }
            if result == -1, errno == EINTR { continue }
            // Reaped meanwhile by `isRunning`.
            return reaped.withLock { $0 } ?? -1
        }
    }

    @discardableResult
    private func record(_ status: Int32) -> Int32 {
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : status & 0x7f
        reaped.withLock { $0 = code }
        return code
    }
}

/// glibc functions the Swift Glibc module leaves out (declared only under `_GNU_SOURCE`), looked up at run time.
private enum GlibcExtras {
    typealias Pipe2 = @convention(c) (UnsafeMutablePointer<Int32>?, Int32) -> Int32
    typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32

    /// `pipe2(2)`: both ends opened with the flags (`O_CLOEXEC`) at once, so no other spawn inherits them.
    static func pipe2(_ fds: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32 {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "pipe2") else { return -1 }
        return unsafeBitCast(symbol, to: Pipe2.self)(fds, flags)
    }

    /// `posix_spawn_file_actions_addclosefrom_np` (glibc 2.34): the child closes every descriptor from `low` up.
    static func addCloseFrom(_ actions: UnsafeMutablePointer<posix_spawn_file_actions_t>, _ low: Int32) -> Int32 {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), "posix_spawn_file_actions_addclosefrom_np") else { return ENOSYS }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)(actions, low)
    }
}
