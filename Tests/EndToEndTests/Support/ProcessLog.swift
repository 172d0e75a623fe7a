import Foundation
import Synchronization

/// A child process's standard error, read on a thread of its own into lines, for tests that wait for a log line.
final class ProcessLog: Sendable {
    private struct State {
        var lines: [String] = []
        var partial = ""
        /// Lines before this one were matched by an earlier ``waitForLine(containing:within:)``.
        var cursor = 0
        var started = false
        var ended = false
    }

    private let state = Mutex(State())

    /// Starts reading `handle` (once) until end of file, after `earlier` (what was read from it before).
    func start(reading handle: FileHandle, after earlier: String = "") {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        append(earlier)
        let thread = Thread { [self] in
            while true {
                let chunk = PipeRead.chunk(handle)
                if chunk.isEmpty { break }
                append(String(decoding: chunk, as: UTF8.self))
            }
            state.withLock { $0.ended = true }
        }
        thread.start()
    }

    /// The first line after the last matched one that contains `text`, or nil when none comes within `seconds` (or
    /// the process ended); lines up to the match are passed over by the next wait.
    func waitForLine(containing text: String, within seconds: Double) async -> String? {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let (found, ended) = state.withLock { state -> (String?, Bool) in
                guard let index = state.lines[state.cursor...].firstIndex(where: { $0.contains(text) }) else { return (nil, state.ended) }
                state.cursor = index + 1
                return (state.lines[index], false)
            }
            if let found { return found }
            if ended || ContinuousClock.now >= deadline { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func append(_ text: String) {
        state.withLock { state in
            state.partial += text
            while let newline = state.partial.firstIndex(of: "\n") {
                state.lines.append(String(state.partial[..<newline]))
                state.partial = String(state.partial[state.partial.index(after: newline)...])
            }
        }
    }
}
