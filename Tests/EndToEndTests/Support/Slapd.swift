import Foundation
import LDAPDirectory
import PersistentChatDirectory
import SlapdFixture
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A real OpenLDAP server (Debian's `slapd`) in a temporary folder, listening on loopback only, set up by
/// ``SlapdSetup`` (an AD-shaped schema, a directory loaded from AD-style LDIF, a service account that may read
/// everything but passwords, a root account that changes entries with `ldapmodify`). Tests get one from ``withSlapd(directory:tls:_:)``, which stops it however the test ends.
final class Slapd: Sendable {
    static let baseDN = "DC=contoso,DC=com"
    static let serviceDN = "CN=pchatd,CN=Users,DC=contoso,DC=com"
    static let servicePassword = SlapdSetup.servicePassword

    let setup: SlapdSetup
    var folder: URL { setup.folder }
    /// The plain port (StartTLS offered when TLS is set up) and the ldaps port, chosen at the first ``start()``.
    private let ports = Mutex<(plain: Int, ldaps: Int)?>(nil)
    var port: Int { ports.withLock { $0?.plain ?? 0 } }
    var ldapsPort: Int { ports.withLock { $0?.ldaps ?? 0 } }
    /// The test CA that issued the server's certificate, when started with TLS.
    let ca: TestCA?
    private let process = Mutex<SpawnedProcess?>(nil)

    var url: String { "ldap://127.0.0.1:\(port)" }
    var ldapsURL: String { "ldaps://127.0.0.1:\(ldapsPort)" }

    private init(setup: SlapdSetup, ca: TestCA?) {
        self.setup = setup
        self.ca = ca
    }

    /// Writes the configuration and loads `directory` (AD-style LDIF whose users sign in with `password`).
    static func make(in folder: URL, directory: String, password: String, tls: Bool,
                     serviceReadsPasswords: Bool = false) async throws -> Slapd {
        let setup = SlapdSetup(folder: folder, baseDN: baseDN, serviceReadsPasswords: serviceReadsPasswords)
        let ca = tls ? try await TestCA.make(in: folder, name: "Directory Test CA") : nil
        if let ca {
            try await ca.issue(commonName: "localhost", names: ["DNS:localhost", "IP:127.0.0.1"], serial: 1,
                               certificate: setup.path("server.pem"), key: setup.path("server.key"))
        }
        try setup.write(directory: directory, password: password,
                        tls: tls ? (setup.path("server.pem"), setup.path("server.key")) : nil)
        _ = try await runCommand("/usr/sbin/slapadd", setup.loadArguments)
        return Slapd(setup: setup, ca: ca)
    }

    /// Starts slapd in the foreground on 127.0.0.1 and waits until it accepts connections. The first start picks
    /// free ports (again, when another process took one first); later starts use the same ones.
    func start() async throws {
        let chosen = ports.withLock { $0 }
        for _ in 0..<(chosen == nil ? 5 : 1) {
            let pair = try chosen ?? (LoopbackPort.free(), LoopbackPort.free())
            if try await start(plain: pair.0, ldaps: pair.1) {
                ports.withLock { $0 = pair }
                return
            }
        }
        throw SlapdError(message: "slapd exited at start; run it with -d 1 on \(setup.path("slapd.conf")) to see why")
    }

    /// Starts slapd on those ports; false when it exits at once (a port taken).
    private func start(plain: Int, ldaps: Int) async throws -> Bool {
        let started = try SpawnedProcess(URL(fileURLWithPath: "/usr/sbin/slapd"), setup.serveArguments(port: plain, ldapsPort: tlsListeners ? ldaps : nil),
                                         environment: ProcessInfo.processInfo.environment, stdout: .discard, stderr: .discard)
        process.withLock { $0 = started }
        let deadline = ContinuousClock.now + .seconds(15)
        while ContinuousClock.now < deadline {
            guard started.isRunning else {
                process.withLock { $0 = nil }
                return false
            }
            if LoopbackPort.accepts(plain) { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw SlapdError(message: "slapd did not listen on \(plain) within 15 s")
    }

    private var tlsListeners: Bool { ca != nil }

    /// Stops slapd at once, as a crash or a pulled cable would (SIGKILL: slapd takes seconds to end on SIGTERM, and its
    /// MDB database is safe either way), and waits for it; the database stays for a new ``start()``.
    func stop() async {
        guard let running = process.withLock({ process in defer { process = nil }; return process }) else { return }
        running.signal(SIGKILL)
        running.signal(SIGCONT)
        _ = await onOwnThread { running.waitUntilExit() }
    }

    /// Freezes slapd (SIGSTOP): connections are still accepted by the kernel, but nothing is answered, as a directory
    /// that hangs. ``resume()`` lets it go on.
    func pause() {
        process.withLock { $0?.signal(SIGSTOP) }
    }

    /// Lets a paused slapd go on (SIGCONT).
    func resume() {
        process.withLock { $0?.signal(SIGCONT) }
    }

    /// Applies `changes` (LDIF change records, as `ldapmodify` takes them) as the directory's administrator.
    func modify(_ changes: String) async throws {
        _ = try await runCommand("/usr/bin/ldapmodify", ["-x", "-H", url, "-D", setup.rootDN, "-w", SlapdSetup.rootPassword], input: changes)
    }
}

struct SlapdError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Starts slapd with `directory` (AD-style LDIF; every user's password is the test password), runs `body`, and stops
/// slapd and removes its folder however `body` ends.
func withSlapd<Result>(directory: String = TestDirectory.ldif, tls: Bool = false, serviceReadsPasswords: Bool = false,
                       _ body: (Slapd) async throws -> Result) async throws -> Result {
    try await withTestFolder { folder in
        let slapd = try await Slapd.make(in: folder, directory: directory, password: TestDirectory.password, tls: tls,
                                         serviceReadsPasswords: serviceReadsPasswords)
        try await slapd.start()
        return try await withCleanUp {
            try await body(slapd)
        } cleanUp: {
            await slapd.stop()
        }
    }
}

extension Slapd {
    /// Settings for pchatd to read this server: plain `ldap://` on loopback (or StartTLS / ldaps with `tls`, trusting
    /// the test CA), the service account, a refresh every `refresh`.
    func settings(tls: SlapdTLS = .none, refresh: Duration = .seconds(1)) throws -> LDAPDirectorySettings {
        let url = try LDAPURL.parse(tls == .ldaps ? ldapsURL : self.url).get()
        let connection = LDAPConnectionSettings(url: url, startTLS: tls == .startTLS, caFile: ca?.certificate,
                                                connectTimeout: .seconds(2), operationTimeout: .seconds(5))
        let base = try DistinguishedName(Self.baseDN)
        return LDAPDirectorySettings(connection: connection,
                                     serviceAccount: .init(dn: Self.serviceDN, password: Self.servicePassword),
                                     baseDN: base, poolSize: 2, refresh: refresh, cacheLifetime: .seconds(3600), pageSize: 100)
    }
}

/// How pchatd talks to a test slapd.
enum SlapdTLS: Sendable, Equatable {
    case none, startTLS, ldaps
}
