import Foundation
import SlapdFixture
import SlapdFixture

/// A real slapd (Debian's) as a child process on loopback, set up by ``SlapdSetup`` in a folder of its own, for the
/// directory benchmark.
final class BenchSlapd: @unchecked Sendable {
    let setup: SlapdSetup
    let port: Int
    private let process: Process

    private init(setup: SlapdSetup, port: Int, process: Process) {
        self.setup = setup
        self.port = port
        self.process = process
    }

    var url: String { "ldap://127.0.0.1:\(port)" }

    /// Loads `directory` (AD-style LDIF) with slapadd, then serves it on a free loopback port.
    static func start(directory: String, baseDN: String) async throws -> BenchSlapd {
        let folder = try BenchServer.makeFolder()
        let setup = SlapdSetup(folder: folder, baseDN: baseDN, pageLimit: 1000)
        try setup.write(directory: directory, password: BenchServer.password)
        try await run("/usr/sbin/slapadd", setup.loadArguments)
        let port = try LoopbackPort.free()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/slapd")
        process.arguments = setup.serveArguments(port: port, ldapsPort: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let slapd = BenchSlapd(setup: setup, port: port, process: process)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline {
            guard process.isRunning else { throw BenchError("slapd exited at start (\(setup.path("slapd.conf")))") }
            if LoopbackPort.accepts(port) { return slapd }
            try await Task.sleep(for: .milliseconds(50))
        }
        await slapd.stop()
        throw BenchError("slapd did not listen within 30 s")
    }

    /// Stops slapd and removes its folder.
    func stop() async {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: setup.folder)
    }

    /// Runs a command to the end; throws when it fails.
    private static func run(_ executable: String, _ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        await Task.detached { process.waitUntilExit() }.value
        guard process.terminationStatus == 0 else { throw BenchError("\(executable) failed (\(process.terminationStatus))") }
    }
}
