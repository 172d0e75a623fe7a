import Foundation
import PersistentChatServer

/// pchatd as a child process, for tests that kill it.
final class ServerProcess: Sendable {
    private let process: SpawnedProcess
    /// The log after the line that says where the server listens, read from ``waitForURL()`` on.
    private let log = ProcessLog()

    private init(process: SpawnedProcess) {
        self.process = process
    }

    /// The built `pchatd` next to the test bundle.
    static var executable: URL {
        get throws {
            let products = Bundle.main.bundleURL.deletingLastPathComponent()
            for folder in [Bundle.main.bundleURL, products] {
                let candidate = folder.appendingPathComponent("pchatd")
                if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            }
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: products.appendingPathComponent("pchatd").path])
        }
    }

    /// Writes a server.yaml equivalent to `configuration` and returns its path.
    static func writeConfig(_ c: ServerConfiguration, in folder: URL) throws -> String {
        func list(_ items: [String]) -> String { "[" + items.map { "\"\($0)\"" }.joined(separator: ", ") + "]" }
        var yaml = """
            domain: \(c.domain)
            listen: 127.0.0.1:0
            data: \(c.dataDirectory)
            directory:
            \(try directoryYAML(c.directory, in: folder))
            categories:

            """
        for category in c.categories {
            yaml += "  - {name: \(category.name), scope: \(list(category.scope)), history: \(category.history)}\n"
        }
        yaml += "rooms:\n"
        for room in c.rooms {
            yaml += "  - {name: \(room.name), category: \(room.category), privacy: \(room.privacy.rawValue), behavior: \(room.behavior.rawValue), members: \(list(room.members)), managers: \(list(room.managers)), presenters: \(list(room.presenters))}\n"
        }
        let path = folder.appendingPathComponent("server.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// server.yaml's `directory` mapping (indented under it): the LDIF file, or the LDAP server with the service
    /// account's password in a file of its own.
    private static func directoryYAML(_ directory: DirectorySource, in folder: URL) throws -> String {
        guard case .ldap(let settings) = directory else { return "  ldif: \(directory.ldifPath ?? "")" }
        var lines = ["  ldap:", "    url: \(settings.connection.url)", "    base_dn: \"\(settings.baseDN)\"",
                     "    refresh: \(settings.refresh.components.seconds)s", "    pool_size: \(settings.poolSize)"]
        if settings.connection.startTLS { lines.append("    start_tls: true") } else if !settings.connection.url.isLDAPS { lines.append("    start_tls: false") }
        if let caFile = settings.connection.caFile { lines.append("    ca_file: \(caFile)") }
        if let account = settings.serviceAccount {
            let passwordFile = folder.appendingPathComponent("ldap.password")
            try (account.password + "\n").write(to: passwordFile, atomically: true, encoding: .utf8)
            lines += ["    bind_dn: \"\(account.dn)\"", "    password_file: \(passwordFile.path)"]
        }
        return lines.joined(separator: "\n")
    }

    fileprivate static func launch(config: String) throws -> ServerProcess {
        ServerProcess(process: try SpawnedProcess(try executable, ["--config", config, "--log-level", "notice"],
                                                  environment: ProcessInfo.processInfo.environment, stdout: .discard))
    }

    /// Reads the server's log until it says where it listens.
    func waitForURL() async throws -> String {
        guard let handle = process.errors else { return "" }
        let found: (url: String, log: String)? = await onOwnThread {
            var text = ""
            while true {
                let chunk = PipeRead.chunk(handle)
                if chunk.isEmpty { return nil }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: "url=ws") {  // ws:// or wss://
                    let url = text[range.lowerBound...].dropFirst(4).prefix { !$0.isWhitespace }
                    if url.contains(where: { $0 == ":" }), text[range.lowerBound...].contains(where: \.isWhitespace) {
                        return (String(url), text)
                    }
                }
            }
        }
        guard let found else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "pchatd exited before listening"])
        }
        log.start(reading: handle, after: found.log)
        return found.url
    }

    /// Sends signal `number` (e.g. SIGHUP) to the process.
    func signal(_ number: Int32) { process.signal(number) }

    /// The first log line after the last one matched that contains `text` (from the start, once ``waitForURL()`` has
    /// returned), or nil when none comes within `seconds`.
    func waitForLog(containing text: String, within seconds: Double = 10) async -> String? {
        await log.waitForLine(containing: text, within: seconds)
    }

    func kill9() { process.signal(SIGKILL) }
    /// Waits for the process to exit without blocking the cooperative pool.
    func wait() async {
        let process = process
        _ = await onOwnThread { process.waitUntilExit() }
    }

    /// Kills the process if it still runs, and waits for it.
    fileprivate func finish() async {
        if process.isRunning { kill9() }
        await wait()
    }

    deinit { if process.isRunning { kill9() } }
}

/// Starts pchatd on the server.yaml at `config`, runs `body` with it, and kills it (if it still runs) and waits for it
/// whether `body` returns or throws.
func withServerProcess<Result>(config: String, _ body: (ServerProcess) async throws -> Result) async throws -> Result {
    let child = try ServerProcess.launch(config: config)
    return try await withCleanUp {
        try await body(child)
    } cleanUp: {
        await child.finish()
    }
}
