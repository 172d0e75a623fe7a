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

    /// Runs pchat with `arguments`, the password in `PCHAT_PASSWORD`, and `input` on standard input.
    static func run(_ arguments: [String], password: String = TestDirectory.password, input: String? = nil) async throws -> Run {
        let process = Process()
        process.executableURL = try binary
        process.arguments = arguments
        process.environment = ["PCHAT_PASSWORD": password]
        let out = Pipe(), err = Pipe(), inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        let (stdoutHandle, stderrHandle) = (out.fileHandleForReading, err.fileHandleForReading)
        async let stdout = onOwnThread { PipeRead.all(stdoutHandle) }
        async let stderr = onOwnThread { PipeRead.all(stderrHandle) }
        let (outData, errData) = await (stdout, stderr)
        await onOwnThread { process.waitUntilExit() }
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}
