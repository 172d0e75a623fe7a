import Foundation
import Synchronization

/// A child process (pchat, bothost) that runs while the test goes on: its output collected as it comes; it can be
/// interrupted, terminated or killed. Tests start one with ``withLiveProcess(_:_:_:)`` or ``withBothost(_:config:_:_:)``.
final class LiveProcess: Sendable {
    private let process: SpawnedProcess
    private let output = Mutex((stdout: "", stderr: ""))

    var stdout: String { output.withLock { $0.stdout } }
    var stderr: String { output.withLock { $0.stderr } }

    /// The bothost executable, built next to the test bundle.
    static var bothost: URL {
        get throws { try ServerProcess.executable.deletingLastPathComponent().appendingPathComponent("bothost") }
    }

    /// bothost with the test bots too (Tests/Fixtures/bothost-fixture), built next to the test bundle.
    static var bothostFixture: URL {
        get throws { try ServerProcess.executable.deletingLastPathComponent().appendingPathComponent("bothost-fixture") }
    }

    fileprivate init(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws {
        process = try SpawnedProcess(executable, arguments,
                                     environment: environment.merging(["PCHAT_PASSWORD": TestDirectory.password]) { $1 })
        if let out = process.output { collect(out) { $0.stdout += $1 } }
        if let err = process.errors { collect(err) { $0.stderr += $1 } }
    }

    /// Reads on its own thread until end of file.
    private func collect(_ handle: FileHandle, _ append: @escaping @Sendable (inout (stdout: String, stderr: String), String) -> Void) {
        Thread {
            while true {
                let data = PipeRead.chunk(handle)
                if data.isEmpty { return }
                self.output.withLock { append(&$0, String(decoding: data, as: UTF8.self)) }
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

    /// Kills the process if it still runs, and waits for it.
    fileprivate func finish() async {
        if process.isRunning { kill9() }
        _ = await exitStatus()
    }
}

/// Starts `executable` with `arguments` (the test password in `PCHAT_PASSWORD`), runs `body` with it, and kills it (if it
/// still runs) and waits for it whether `body` returns or throws.
func withLiveProcess<Result>(_ executable: URL, _ arguments: [String], environment: [String: String] = [:],
                             _ body: (LiveProcess) async throws -> Result) async throws -> Result {
    let process = try LiveProcess(executable, arguments, environment: environment)
    return try await withCleanUp {
        try await body(process)
    } cleanUp: {
        await process.finish()
    }
}

/// Runs bothost (`subcommand`, if any) on the host.yaml at `config`, as ``withLiveProcess(_:_:_:)`` does; with
/// `fixture`, the bothost that has the test bots too.
func withBothost<Result>(_ subcommand: String? = nil, config: String, _ arguments: [String] = [], fixture: Bool = false,
                         environment: [String: String] = [:],
                         _ body: (LiveProcess) async throws -> Result) async throws -> Result {
    try await withLiveProcess(fixture ? try LiveProcess.bothostFixture : try LiveProcess.bothost,
                              (subcommand.map { [$0] } ?? []) + ["--config", config, "--log-level", "notice"] + arguments,
                              environment: environment, body)
}
