import Foundation

/// Runs `executable` with `arguments` (and `input` on its standard input, if given) to the end and returns its standard
/// output; throws with its error output when it exits non-zero.
func runCommand(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> String {
    let process = try SpawnedProcess(URL(fileURLWithPath: executable), arguments,
                                     environment: ProcessInfo.processInfo.environment, stdin: input == nil ? .discard : .pipe)
    if let input, let handle = process.input {
        let bytes = Data(input.utf8)
        await onOwnThread {
            try? handle.write(contentsOf: bytes)
            try? handle.close()
        }
    }
    let (output, errors, code) = await onOwnThread { () -> (String, String, Int32) in
        let output = process.output.map(PipeRead.all) ?? Data()
        let errors = process.errors.map(PipeRead.all) ?? Data()
        return (String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self), process.waitUntilExit())
    }
    guard code == 0 else {
        throw CocoaError(.executableLoad, userInfo: [NSLocalizedDescriptionKey:
            "\(executable) \(arguments.joined(separator: " ")) failed (\(code)): \(errors)"])
    }
    return output
}
