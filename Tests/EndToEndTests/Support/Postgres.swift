import Foundation
import SlapdFixture
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real PostgreSQL server (Debian's `postgresql`) in a temporary folder, listening on 127.0.0.1 only (and on a unix
/// socket in that folder, which only its account may enter), with a database `pchat` owned by a role `pchatd` that
/// signs in over TCP with a password (SCRAM-SHA-256). Tests get one from ``withPostgres(_:)``, which stops it and
/// removes its folder however the test ends.
///
/// When the tests run as root, the cluster belongs to the `postgres` account and every PostgreSQL program runs as it
/// (``PostgresTools``).
final class Postgres: Sendable {
    static let database = "pchat"
    static let role = "pchatd"
    static let superuser = "postgres"

    /// The cluster's folder: `data` (the cluster), `server.log`, and the server's unix socket.
    let folder: URL
    /// The password of ``role``, and of ``superuser``.
    let password: String
    let superuserPassword: String
    private let tools: PostgresTools
    private let chosenPort = Mutex<Int?>(nil)
    private let postmaster = Mutex<pid_t?>(nil)

    /// The TCP port on 127.0.0.1, chosen at the first ``start()``.
    var port: Int { chosenPort.withLock { $0 ?? 0 } }
    /// Where pchatd finds the database (the password goes separately).
    var url: String { "postgres://\(Self.role)@127.0.0.1:\(port)/\(Self.database)" }
    var dataFolder: URL { folder.appendingPathComponent("data") }
    var logFile: URL { folder.appendingPathComponent("server.log") }

    private init(folder: URL, tools: PostgresTools) {
        self.folder = folder
        self.tools = tools
        password = Self.makePassword()
        superuserPassword = Self.makePassword()
    }

    private static func makePassword() -> String {
        UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Creates the cluster in `folder` (empty) with `initdb`: UTF-8, locale C, passwords over TCP, trust on the unix
    /// socket. Throws, naming Scripts/install-dependencies.sh, when PostgreSQL is not installed.
    static func make(in folder: URL) async throws -> Postgres {
        let postgres = Postgres(folder: folder, tools: try PostgresTools.find())
        try await postgres.initialize()
        return postgres
    }

    private func initialize() async throws {
        try tools.handOver(folder, folder: true)
        let passwordFile = folder.appendingPathComponent("superuser.password")
        try Data(superuserPassword.utf8).write(to: passwordFile)
        try tools.handOver(passwordFile, folder: false)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        // --no-sync: a throwaway cluster need not wait for its first files to reach the disk; the server syncs.
        try await tools.run("initdb", ["--pgdata=\(dataFolder.path)", "--username=\(Self.superuser)",
                                       "--pwfile=\(passwordFile.path)", "--encoding=UTF8", "--locale=C",
                                       "--auth-host=scram-sha-256", "--auth-local=trust", "--no-sync", "--no-instructions"])
    }

    /// Starts the server on 127.0.0.1 and waits until it accepts connections. The first start picks a free port
    /// (again, when another process took it first); later starts use the same one.
    func start() async throws {
        let chosen = chosenPort.withLock { $0 }
        for _ in 0..<(chosen == nil ? 5 : 1) {
            let port = try chosen ?? LoopbackPort.free()
            if try await start(port: port) {
                chosenPort.withLock { $0 = port }
                return
            }
        }
        throw PostgresFixtureError("PostgreSQL found no free port; its log: \(logTail())")
    }

    /// Starts the server on `port`; false when another process holds the port.
    private func start(port: Int) async throws -> Bool {
        // -k: the unix socket's folder, which only the cluster's account may enter.
        let options = "-c listen_addresses=127.0.0.1 -c port=\(port) -k '\(folder.path)' -c fsync=on"
        do {
            try await tools.run("pg_ctl", ["start", "--pgdata=\(dataFolder.path)", "--log=\(logFile.path)", "--wait",
                                           "--timeout=60", "--silent", "--options=\(options)"])
        } catch {
            // A server too slow to start may come up after all: ``stop()`` still finds it.
            postmaster.withLock { $0 = try? readPostmasterPID() }
            if logTail().contains("Address already in use") { return false }
            throw PostgresFixtureError("PostgreSQL did not start: \(error); its log: \(logTail())")
        }
        let pid = try readPostmasterPID()
        postmaster.withLock { $0 = pid }
        guard LoopbackPort.accepts(port) else {
            throw PostgresFixtureError("PostgreSQL started but does not accept connections on 127.0.0.1:\(port); its log: \(logTail())")
        }
        return true
    }

    /// The postmaster's process ID, the first line of `data/postmaster.pid`.
    private func readPostmasterPID() throws -> pid_t {
        let text = try String(contentsOf: dataFolder.appendingPathComponent("postmaster.pid"), encoding: .utf8)
        guard let line = text.split(separator: "\n").first, let pid = pid_t(line) else {
            throw PostgresFixtureError("no process ID in \(dataFolder.path)/postmaster.pid")
        }
        return pid
    }

    /// Creates ``role`` (a login with ``password``, not a superuser) and ``database``, which it owns, over the unix
    /// socket as ``superuser``.
    func createDatabase() async throws {
        let script = """
            CREATE ROLE \(Self.role) LOGIN PASSWORD '\(password)';
            CREATE DATABASE \(Self.database) OWNER \(Self.role);
            """
        try await tools.run("psql", ["--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1", "--host=\(folder.path)",
                                     "--port=\(port)", "--username=\(Self.superuser)", "--dbname=postgres", "--file=-"],
                            input: script)
    }

    /// The server's processes now: the postmaster and the processes it started (a backend for each connection, the
    /// checkpointer, the WAL writer, …); empty when it is stopped.
    func processIDs() -> [pid_t] {
        guard let pid = postmaster.withLock({ $0 }), ProcessTable.isAlive(pid) else { return [] }
        return [pid] + ProcessTable.children(of: pid)
    }

    /// Stops the server (`pg_ctl stop -m fast`: sessions are ended, the data is written) and waits until its
    /// processes are gone; kills them when pg_ctl could not stop them. The cluster stays for a new ``start()``.
    func stop() async {
        let running = processIDs()
        guard !running.isEmpty else { return }
        _ = try? await tools.run("pg_ctl", ["stop", "--pgdata=\(dataFolder.path)", "--mode=fast", "--wait",
                                            "--timeout=30", "--silent"])
        if await !ProcessTable.waitUntilGone(running, timeout: .seconds(5)) {
            let all = Array(Set(running + processIDs()))
            for pid in all { kill(pid, SIGKILL) }
            _ = await ProcessTable.waitUntilGone(all, timeout: .seconds(5))
        }
        postmaster.withLock { $0 = nil }
    }

    /// The last lines of the server's log, for error messages.
    private func logTail() -> String {
        let text = (try? String(contentsOf: logFile, encoding: .utf8)) ?? "(no log)"
        return text.split(separator: "\n").suffix(8).joined(separator: "\n")
    }
}

/// Creates a PostgreSQL cluster in a temporary folder, starts it on 127.0.0.1, creates the `pchat` database and the
/// `pchatd` role, runs `body`, and stops the server and removes the folder however `body` ends.
func withPostgres<Result>(_ body: (Postgres) async throws -> Result) async throws -> Result {
    try await withTestFolder { folder in
        let postgres = try await Postgres.make(in: folder)
        return try await withCleanUp {
            try await postgres.start()
            try await postgres.createDatabase()
            return try await body(postgres)
        } cleanUp: {
            await postgres.stop()
        }
    }
}
