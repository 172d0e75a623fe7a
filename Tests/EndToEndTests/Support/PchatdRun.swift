import Foundation

/// What a pchatd command printed and how it ended.
struct PchatdOutcome: Sendable {
    var code: Int32
    var stdout: String
    var stderr: String
}

/// Runs the built pchatd with `arguments` to its end and returns its exit code and output; it is killed after
/// `seconds`, so a hung command fails the test instead of stalling it.
func runPchatd(_ arguments: [String], seconds: Double = 60) async throws -> PchatdOutcome {
    let process = try SpawnedProcess(try ServerProcess.executable, arguments, environment: ProcessInfo.processInfo.environment)
    let watchdog = Task {
        try await Task.sleep(for: .seconds(seconds))
        process.signal(SIGKILL)
    }
    defer { watchdog.cancel() }
    async let output = onOwnThread { process.output.map(PipeRead.all) ?? Data() }
    async let errors = onOwnThread { process.errors.map(PipeRead.all) ?? Data() }
    let (out, err) = await (output, errors)
    let code = await onOwnThread { process.waitUntilExit() }
    return PchatdOutcome(code: code, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}
