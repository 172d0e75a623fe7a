import Foundation
import Synchronization

/// pchatd as a child process started through `/bin/sh` with a chosen umask and extra environment (the
/// `PCHATD_TEST_CRASH_AT` test hook), its whole log collected: for tests of what it leaves on disk.
final class PchatdChild: Sendable {
    private let process: SpawnedProcess
    private let collected = Mutex("")

    /// Everything pchatd has logged so far.
    var log: String { collected.withLock { $0 } }

    private init(config: String, umask: String, environment: [String: String]) throws {
        let pchatd = try ServerProcess.executable.path
        process = try SpawnedProcess(URL(fileURLWithPath: "/bin/sh"),
                                     ["-c", "umask \(umask) && exec \"$0\" \"$@\"", pchatd, "--config", config, "--log-level", "info"],
                                     environment: ProcessInfo.processInfo.environment.merging(environment) { $1 }, stdout: .discard)
        if let errors = process.errors {
            Thread {
                while true {
                    let data = PipeRead.chunk(errors)
                    if data.isEmpty { return }
                    self.collected.withLock { $0 += String(decoding: data, as: UTF8.self) }
                }
            }.start()
        }
    }

    /// The `ws://` address once pchatd says it listens; nil when it exits or 20 s pass first.
    func waitForURL() async -> String? {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let text = log
            if let range = text.range(of: "url=ws://") {
                let url = text[range.lowerBound...].dropFirst(4).prefix { !$0.isWhitespace }
                if text[range.lowerBound...].contains(where: \.isWhitespace) { return String(url) }
            }
            if !process.isRunning { return nil }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Whether the process ended within `seconds`.
    func waitForExit(seconds: Double = 20) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(20)) }
        return !process.isRunning
    }

    /// Kills the process (SIGKILL) if it still runs, and waits for it.
    func finish() async {
        if process.isRunning { process.signal(SIGKILL) }
        let process = process
        _ = await onOwnThread { process.waitUntilExit() }
    }

    deinit { if process.isRunning { process.signal(SIGKILL) } }

    /// Starts pchatd on `config` under `umask` (octal text) with `environment` added, runs `body`, and kills and waits
    /// for it however `body` ends.
    static func with<Result>(config: String, umask: String = "022", environment: [String: String] = [:],
                             _ body: (PchatdChild) async throws -> Result) async throws -> Result {
        let child = try PchatdChild(config: config, umask: umask, environment: environment)
        return try await withCleanUp {
            try await body(child)
        } cleanUp: {
            await child.finish()
        }
    }
}
