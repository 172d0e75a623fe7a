import Foundation
import PersistentChatServer

/// A progress line on standard error, rewritten in place, shown only when standard error is a terminal (never in a
/// log or a pipe); at most ten updates a second.
final class TerminalProgress {
    private let enabled = isatty(STDERR_FILENO) != 0
    private var shown = false
    private var last = ContinuousClock.now - .seconds(1)
    private var lastLine = ""

    /// Shows `progress` (when the last update is a tenth of a second old, or the stage is done).
    func update(_ progress: BackupProgress) {
        guard enabled else { return }
        let now = ContinuousClock.now
        guard now - last >= .milliseconds(100) || progress.completed >= progress.total else { return }
        let line = Self.line(progress)
        guard line != lastLine else { return }
        last = now
        lastLine = line
        shown = true
        FileHandle.standardError.write(Data("\r\u{1B}[K\(line)".utf8))
    }

    /// Ends the progress line, so what follows starts on a line of its own.
    func finish() {
        guard shown else { return }
        FileHandle.standardError.write(Data("\n".utf8))
        shown = false
    }

    static func line(_ progress: BackupProgress) -> String {
        let amount = switch progress.stage {
        case .database: "\(progress.completed) of \(progress.total) pages"
        case .files: "\(bytes(progress.completed)) of \(bytes(progress.total))"
        case .messages: "\(progress.completed) of \(progress.total)"
        }
        return "\(progress.stage.rawValue): \(progress.percent)% (\(amount))"
    }

    /// A byte count for people: `512 B`, `3.4 MB` (powers of 1,000).
    static func bytes(_ count: Int64) -> String {
        var value = Double(count)
        for unit in ["B", "KB", "MB", "GB", "TB"] {
            if value < 1000 || unit == "TB" { return unit == "B" ? "\(count) B" : String(format: "%.1f %@", value, unit) }
            value /= 1000
        }
        return "\(count) B"
    }
}
