import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Processes as Linux's `/proc` shows them, for servers the tests start that are not their children (PostgreSQL's
/// postmaster, which `pg_ctl` starts and leaves to init), so cannot be waited for with `waitpid`.
enum ProcessTable {
    /// Whether `pid` is a running process (a zombie, already ended, counts as gone).
    static func isAlive(_ pid: pid_t) -> Bool {
        guard let entry = entry(pid) else { return false }
        return entry.state != "Z" && entry.state != "X"
    }

    /// The processes `pid` started that still run.
    static func children(of pid: pid_t) -> [pid_t] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return names.compactMap { pid_t($0) }.filter { entry($0)?.parent == pid && isAlive($0) }
    }

    /// Polls every 20 ms until none of `pids` runs (true) or `timeout` passes (false).
    static func waitUntilGone(_ pids: [pid_t], timeout: Duration) async -> Bool {
        await eventually(within: Double(timeout.components.seconds)) { !pids.contains(where: isAlive) }
    }

    /// The state letter and parent of `pid` from `/proc/<pid>/stat` (`pid (name) state parent …`, the name possibly
    /// holding spaces and parentheses); nil when there is no such process.
    private static func entry(_ pid: pid_t) -> (state: Character, parent: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let nameEnd = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: nameEnd)...].split(separator: " ")
        guard fields.count >= 2, let state = fields[0].first, let parent = pid_t(fields[1]) else { return nil }
        return (state, parent)
    }
}
