import Foundation

/// Runs the real `pchat` executable (built next to the test bundle) and collects what it printed.
enum PchatProcess {
    /// One finished run.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String

        /// Standard output as JSON objects, one per line.
        var objects: [[String: Any]] {
            stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
        var lines: [Substring] { stdout.split(separator: "\n") }
    }

    static var binary: URL {
        get throws { try ServerProcess.executable.deletingLastPathComponent().appendingPathComponent("pchat") }
    }

    /// Runs pchat (or `executable`) with `arguments`, the password in `PCHAT_PASSWORD`, and `input` on standard input.
    static func run(_ arguments: [String], password: String = TestDirectory.password, input: String? = nil,
                    executable: URL? = nil) async throws -> Run {
        let process = try SpawnedProcess(try executable ?? binary, arguments, environment: ["PCHAT_PASSWORD": password], stdin: .pipe)
        if let input { process.input?.write(Data(input.utf8)) }
        try process.input?.close()
        guard let stdoutHandle = process.output, let stderrHandle = process.errors else { return Run(status: -1, stdout: "", stderr: "") }
        async let stdout = onOwnThread { PipeRead.all(stdoutHandle) }
        async let stderr = onOwnThread { PipeRead.all(stderrHandle) }
        let (outData, errData) = await (stdout, stderr)
        let status = await onOwnThread { process.waitUntilExit() }
        return Run(status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }
}
