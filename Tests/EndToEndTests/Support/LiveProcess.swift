import Foundation

/// A child process (pchat, bothost) that runs while the test goes on: its output collected as it comes; it can be
/// interrupted, terminated or killed.
final class LiveProcess: @unchecked Sendable {
    private let process: SpawnedProcess
    private let lock = NSLock()
    private var output = (stdout: "", stderr: "")

    var stdout: String { lock.withLock { output.stdout } }
    var stderr: String { lock.withLock { output.stderr } }

    /// A bothost on `config`, built next to the test bundle.
    static func bothost(_ subcommand: String? = nil, config: String, _ arguments: [String] = []) throws -> LiveProcess {
        try LiveProcess(try ServerProcess.executable.deletingLastPathComponent().appendingPathComponent("bothost"),
                        (subcommand.map { [$0] } ?? []) + ["--config", config, "--log-level", "notice"] + arguments)
    }

    init(_ executable: URL, _ arguments: [String]) throws {
        process = try SpawnedProcess(executable, arguments, environment: ["PCHAT_PASSWORD": TestDirectory.password])
        if let out = process.output { collect(out) { $0.stdout += $1 } }
        if let err = process.errors { collect(err) { $0.stderr += $1 } }
    }

    /// Reads on its own thread until end of file.
    private func collect(_ handle: FileHandle, _ append: @escaping @Sendable (inout (stdout: String, stderr: String), String) -> Void) {
        Thread {
            while true {
                let data = PipeRead.chunk(handle)
                if data.isEmpty { return }
                self.lock.withLock { append(&self.output, String(decoding: data, as: UTF8.self)) }
            }
        }.start()
    }

    enum Stream { case stdout, stderr }

    /// Whether the stream came to contain `text` within `seconds`.
    func waitFor(_ stream: Stream, containing text: String, seconds: Double = 10) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if (stream == .stdout ? stdout : stderr).contains(text) { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }

    func interrupt() { process.signal(SIGINT) }
    func hangUp() { process.signal(SIGHUP) }
    func terminate() { process.signal(SIGTERM) }
    func kill9() { process.signal(SIGKILL) }

    deinit { if process.isRunning { kill9() } }

    /// Waits for the exit (killing the process after 10 seconds) and returns its status.
    func exitStatus() async -> Int32 {
        let process = process
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.signal(SIGKILL) }
        return await onOwnThread { process.waitUntilExit() }
    }
}
