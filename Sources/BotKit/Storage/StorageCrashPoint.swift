import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A test hook: bothost dies (SIGKILL, as if killed) right after it has written the stored values of a handler call,
/// before anything else, to test that they are written with the message's handled mark.
///
/// `BOTHOST_TEST_CRASH_AT=storage-committed:N` dies after the Nth such write of the process. Without the variable (any
/// run but a test's) ``reach()`` does nothing.
enum StorageCrashPoint {
    static let variable = "BOTHOST_TEST_CRASH_AT"
    private static let after: Int? = {
        guard let text = ProcessInfo.processInfo.environment[variable], text.hasPrefix("storage-committed:") else { return nil }
        return Int(text.dropFirst("storage-committed:".count))
    }()
    private static let reached = Atomic<Int>(0)

    /// Dies here at the chosen write; otherwise returns at once.
    static func reach() {
        guard let after else { return }
        if reached.add(1, ordering: .relaxed).newValue == after { kill(getpid(), SIGKILL) }
    }
}
