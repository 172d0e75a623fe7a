import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A test hook: the upload steps at which pchatd can be made to die, as if killed, to test crash consistency.
///
/// Set `PCHATD_TEST_CRASH_AT` to a point's name (e.g. `upload-after-rename`) and the process kills itself with SIGKILL
/// when it gets there. Without the variable (any run but a test's) every point does nothing.
enum CrashPoint: String, CaseIterable, Sendable {
    /// The upload is complete in its staging file, not yet renamed into place.
    case uploadBeforeRename = "upload-before-rename"
    /// The file is in place under its key; it has no record yet.
    case uploadAfterRename = "upload-after-rename"
    /// The file and its record are stored; no message points to it yet.
    case uploadAfterRecord = "upload-after-record"
    /// The message is committed; the record does not know it yet.
    case uploadAfterPost = "upload-after-post"

    /// The environment variable that names the point to die at.
    static let variable = "PCHATD_TEST_CRASH_AT"

    /// The point chosen for this process, read once.
    private static let chosen: CrashPoint? = ProcessInfo.processInfo.environment[variable].flatMap(CrashPoint.init(rawValue:))

    /// Dies here when this is the chosen point; otherwise returns at once.
    func reach() {
        guard Self.chosen == self else { return }
        kill(getpid(), SIGKILL)
        _exit(137)
    }
}
