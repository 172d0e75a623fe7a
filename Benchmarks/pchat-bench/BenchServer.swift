import Foundation
import Synchronization
import PersistentChat
import PersistentChatDirectory

/// A real pchatd as a child process on loopback, in a temporary folder, with a generated directory of users.
final class BenchServer: @unchecked Sendable {
    let folder: URL
    let url: String
    private let process: Process
    static let password = "bench-password"

    /// Servers started and not yet stopped, so a failed scenario can stop them all.
    private static let live = Mutex<[ObjectIdentifier: BenchServer]>([:])

    private init(folder: URL, url: String, process: Process) {
        self.folder = folder
        self.url = url
        self.process = process
        Self.live.withLock { $0[ObjectIdentifier(self)] = self }
    }

    /// Stops every server still running (after a scenario failed) and removes their folders.
    static func stopAll() async {
        for server in live.withLock({ Array($0.values) }) { await server.stop() }
    }

    /// Users are `user1` … `userN` (OU=Staff), or the entries of `ldif` when given; every room is open to the domain,
    /// with `members` as its member list (or, for the rooms in `roomMembers`, the principals given there).
    /// `directory` replaces the `directory` mapping's body (`ldif: directory.ldif`), e.g. with an `ldap:` block.
    static func start(pchatd: URL, users: Int, rooms: [String], roomPrivacy: String = "open",
                      auditorium: [String] = [], extraLimits: String = "", scheme: PasswordScheme = .ssha256,
                      ldif: String? = nil, directory directoryYAML: String = "ldif: directory.ldif",
                      roomMembers: [String: [String]] = [:]) async throws -> BenchServer {
        let folder = try makeFolder()
        let text = ldif ?? usersLDIF(users, scheme: scheme)
        try text.write(to: folder.appendingPathComponent("directory.ldif"), atomically: true, encoding: .utf8)
        var yaml = """
            domain: bench.example
            listen: 127.0.0.1:0
            data: data
            directory:
              \(directoryYAML)
            limits:
              outbound_queue: 65536
              per_user: {posts_per_second: 1000000, post_burst: 1000000, searches_per_minute: 1000000}
            \(extraLimits)
            categories:
              - {name: Bench, scope: ["DC=bench,DC=example"], creators: ["DC=bench,DC=example"]}
            rooms:

            """
        for room in rooms {
            let behavior = auditorium.contains(room) ? "auditorium" : "normal"
            let presenters = auditorium.contains(room) ? "[\"sip:user1@bench.example\"]" : "[]"
            let members = (roomMembers[room] ?? ["DC=bench,DC=example"]).map { "\"\($0)\"" }.joined(separator: ", ")
            yaml += "  - {name: \(room), category: Bench, privacy: \(roomPrivacy), behavior: \(behavior), members: [\(members)], presenters: \(presenters)}\n"
        }
        let config = folder.appendingPathComponent("server.yaml")
        try yaml.write(to: config, atomically: true, encoding: .utf8)
        return try await launch(pchatd, ["--config", config.path, "--log-level", "notice"], folder: folder)
    }

    /// `user1` … `userN` in OU=Staff, signing in with ``password`` hashed with `scheme` ({SSHA256} by default: cheap on
    /// purpose, checked at every sign-in).
    static func usersLDIF(_ users: Int, scheme: PasswordScheme) -> String {
        var directory = DirectoryLDIFBuilder(password: password, scheme: scheme)
        directory.addDomain("DC=bench,DC=example")
        directory.addOrganizationalUnit("OU=Staff,DC=bench,DC=example")
        for index in 1...max(1, users) {
            directory.addUser("CN=user\(index),OU=Staff,DC=bench,DC=example", sipAddress: "sip:user\(index)@bench.example",
                              displayName: "User \(index)")
        }
        return directory.ldif
    }

    /// A new, empty folder of the server's own under the temporary directory (removed by `stop`).
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pchat-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Starts pchatd again on a folder an earlier `start` left (`stop(keepFolder: true)`).
    static func reopen(pchatd: URL, folder: URL) async throws -> BenchServer {
        try await launch(pchatd, ["--config", folder.appendingPathComponent("server.yaml").path, "--log-level", "notice"], folder: folder)
    }

    /// Starts `executable` and waits for it to log `url=ws://…`.
    static func launch(_ executable: URL, _ arguments: [String], folder: URL) async throws -> BenchServer {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let handle = stderr.fileHandleForReading
        let url: String? = await Task.detached {
            var text = ""
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { return nil }
                text += String(decoding: chunk, as: UTF8.self)
                if let range = text.range(of: "url=ws://") {
                    let rest = text[range.lowerBound...].dropFirst(4)
                    if rest.contains(where: \.isWhitespace) { return String(rest.prefix { !$0.isWhitespace }) }
                }
            }
        }.value
        guard let url else { throw BenchError("\(executable.lastPathComponent) exited before listening") }
        // Keep draining the log so the server never blocks on a full pipe.
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
        return BenchServer(folder: folder, url: url, process: process)
    }

    /// Sends SIGHUP: pchatd reads its directory (and certificate) again.
    func hangUp() {
        kill(process.processIdentifier, SIGHUP)
    }

    /// The server's resident memory in bytes (VmRSS).
    var residentBytes: Int {
        guard let status = try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }

    /// An established endpoint for `userN`.
    func connect(_ index: Int, platform: CollaborationPlatform) async throws -> PersistentChatEndpoint {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: platform, ownerUri: "sip:user\(index)@bench.example", password: Self.password))
        try await endpoint.establish()
        return endpoint
    }

    /// Stops the server (SIGTERM, then SIGKILL after 10 s) and removes its folder unless asked to keep it.
    func stop(keepFolder: Bool = false) async {
        Self.live.withLock { $0[ObjectIdentifier(self)] = nil }
        process.terminate()
        let process = process
        let exited: Bool = await Task.detached {
            let deadline = Date().addingTimeInterval(10)
            while process.isRunning, Date() < deadline { usleep(20_000) }
            return !process.isRunning
        }.value
        if !exited { kill(process.processIdentifier, SIGKILL) }
        if !keepFolder { try? FileManager.default.removeItem(at: folder) }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
