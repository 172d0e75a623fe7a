import Foundation
import LDAPDirectory
import Logging
import PersistentChat
import PersistentChatServer
import Synchronization
import Testing
import YAMLConfig

/// A real pchatd on a loopback port with its own SQLite file in a temporary folder. Tests get one from
/// ``withTestServer(folder:port:limits:_:)``, which stops it however the test ends.
struct TestServer: Sendable {
    let folder: URL
    /// The LDAP server the directory is read from, for a server started with `.ldap`.
    let slapd: Slapd?
    let configuration: ServerConfiguration
    /// The server itself, to reload its configuration in process.
    let server: PersistentChatServer
    let running: RunningServer
    /// The endpoints ``connect(_:password:)`` established, terminated when the test is over.
    private let endpoints = ConnectedEndpoints()
    var url: String { running.url }
    /// The port it listens on.
    var port: Int { URLComponents(string: running.url)?.port ?? 0 }

    /// The rooms every test server has.
    static let rooms: [RoomDefinition] = [
        RoomDefinition(name: "help-desk", category: "Help", description: "open help", privacy: .open,
                       members: ["CN=Support,OU=Staff,DC=contoso,DC=com"], managers: ["sip:alice@contoso.com"]),
        RoomDefinition(name: "team", category: "Help", description: "closed team room", privacy: .closed,
                       members: ["sip:alice@contoso.com", "sip:bob@contoso.com", "sip:echobot@contoso.com"]),
        RoomDefinition(name: "support-team", category: "Help", description: "secret support room", privacy: .secret,
                       members: ["CN=Support,OU=Staff,DC=contoso,DC=com"]),
        RoomDefinition(name: "announcements", category: "Help", description: "auditorium", privacy: .open,
                       behavior: .auditorium, members: ["sip:alice@contoso.com"], presenters: ["sip:alice@contoso.com"]),
        RoomDefinition(name: "quiet", category: "Unlogged", description: "history off", privacy: .open),
    ]

    /// The categories every test server has: `Help` (everyone; alice creates), `Unlogged` (no history, no files),
    /// `Projects` (OU=Staff only; alice and carol create; invitations on) and `Support Only` (the Support group only;
    /// no invitations).
    static let categories: [CategoryDefinition] = [
        CategoryDefinition(name: "Help", scope: ["DC=contoso,DC=com"], creators: ["sip:alice@contoso.com"]),
        CategoryDefinition(name: "Unlogged", scope: ["DC=contoso,DC=com"], fileUpload: false, history: false),
        CategoryDefinition(name: "Projects", description: "staff projects", scope: ["OU=Staff,DC=contoso,DC=com"],
                           creators: ["sip:alice@contoso.com", "sip:carol@contoso.com"]),
        CategoryDefinition(name: "Support Only", scope: ["CN=Support,OU=Staff,DC=contoso,DC=com"],
                           creators: ["CN=Support,OU=Staff,DC=contoso,DC=com"], invitations: false),
    ]

    /// Starts a server on `folder` (whose directory.ldif is kept if it has one), on a free port (or `port`).
    fileprivate static func start(folder: URL, port: Int, limits: ServerLimits, tls: TLSFiles? = nil, operations: Bool = false,
                                  slapd: Slapd? = nil, adjust: (inout LDAPDirectorySettings) -> Void = { _ in },
                                  configure: (inout ServerConfiguration) throws -> Void = { _ in }) async throws -> TestServer {
        var configuration = try configuration(folder: folder, limits: limits, port: port)
        try configure(&configuration)
        configuration.tls = tls
        if operations { configuration.metricsListen = HostAndPort(host: "127.0.0.1", port: 0) }
        if let slapd {
            var settings = try slapd.settings()
            adjust(&settings)
            configuration.directory = .ldap(settings)
        }
        var logger = Logger(label: "pchatd-test")
        logger.logLevel = .warning
        let server = try PersistentChatServer(configuration: configuration, logger: logger)
        return TestServer(folder: folder, slapd: slapd, configuration: configuration, server: server, running: try await server.start())
    }

    /// A new, empty folder under the temporary directory (``withTestFolder(_:)`` removes it again).
    static func makeFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pchat-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func configuration(folder: URL, limits: ServerLimits = ServerLimits(), port: Int = 0) throws -> ServerConfiguration {
        let ldif = folder.appendingPathComponent("directory.ldif")
        if !FileManager.default.fileExists(atPath: ldif.path) {
            try TestDirectory.ldif.write(to: ldif, atomically: true, encoding: .utf8)
        }
        return ServerConfiguration(
            domain: "contoso.com", displayName: "test", host: "127.0.0.1", port: port,
            dataDirectory: folder.appendingPathComponent("data").path, directoryLDIF: ldif.path, limits: limits,
            categories: categories,
            rooms: rooms, systemUsers: ["sip:carol@contoso.com"])
    }

    /// Stops the server (open connections are closed, as in a shutdown); stopping twice is harmless.
    func stop() async { await running.stop() }

    /// Terminates the endpoints ``connect(_:password:)`` established, then stops the server.
    fileprivate func finish() async {
        await endpoints.terminateAll()
        await stop()
    }

    /// An established endpoint for `user` (e.g. "alice").
    func connect(_ user: String, password: String = TestDirectory.password) async throws -> PersistentChatEndpoint {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:\(user)@contoso.com", password: password))
        endpoints.add(endpoint)
        try await endpoint.establish()
        return endpoint
    }

    /// A new endpoint for `user`, joined to `room` (with `history` messages, or the server's default).
    func join(_ user: String, _ room: String, history: Int? = nil) async throws -> (PersistentChatEndpoint, ChatRoomSession) {
        let endpoint = try await connect(user)
        let session = ChatRoomSession(endpoint: endpoint)
        try await session.join(name: room, history: history)
        return (endpoint, session)
    }
}

/// Starts a test server, runs `body` with it, and stops it whether `body` returns or throws: its endpoints are
/// terminated, the server is stopped, and its folder removed.
///
/// `folder` runs the server on a folder of the caller's (from ``withTestFolder(_:)``), to restart on the same data:
/// that folder is left for its owner to remove. `port` 0 is a free port. `directory` `.ldap` reads the test directory
/// from a real slapd (``withSlapd(directory:tls:_:)``) instead of the LDIF file. `configure` changes the configuration
/// (made for `folder`) before the server starts.
func withTestServer<Result>(folder: URL? = nil, port: Int = 0, limits: ServerLimits = ServerLimits(), tls: TLSFiles? = nil,
                            directory: TestDirectoryKind = .ldif,
                            configure: (inout ServerConfiguration) throws -> Void = { _ in },
                            _ body: (TestServer) async throws -> Result) async throws -> Result {
    if directory == .ldap {
        guard let folder else {
            return try await withTestFolder { folder in
                try await withTestServer(folder: folder, port: port, limits: limits, tls: tls, directory: directory,
                                         configure: configure, body)
            }
        }
        // The same entries as the LDIF file (the folder's own directory.ldif when it has one).
        let ldif = try String(contentsOfFile: try TestServer.configuration(folder: folder).ldifFile, encoding: .utf8)
        return try await withSlapd(directory: ldif) { slapd in
            try await withTestServer(folder: folder, port: port, limits: limits, tls: tls, slapd: slapd, configure: configure, body)
        }
    }
    return try await withTestServer(folder: folder, port: port, limits: limits, tls: tls, slapd: nil, configure: configure, body)
}

/// ``withTestServer(folder:port:limits:tls:directory:configure:_:)`` with the directory read from `slapd` when given, with its
/// settings (``Slapd/settings(tls:refresh:)``) changed by `adjust`; `operations` adds the operations listener
/// (`metrics.listen` on a free loopback port, ``RunningServer/operationsPort``).
func withTestServer<Result>(folder: URL? = nil, port: Int = 0, limits: ServerLimits = ServerLimits(), tls: TLSFiles? = nil,
                            operations: Bool = false, slapd: Slapd?, adjust: (inout LDAPDirectorySettings) -> Void = { _ in },
                            configure: (inout ServerConfiguration) throws -> Void = { _ in },
                            _ body: (TestServer) async throws -> Result) async throws -> Result {
    guard let folder else {
        return try await withTestFolder { folder in
            try await withTestServer(folder: folder, port: port, limits: limits, tls: tls, operations: operations, slapd: slapd,
                                     adjust: adjust, configure: configure, body)
        }
    }
    let server = try await TestServer.start(folder: folder, port: port, limits: limits, tls: tls, operations: operations,
                                            slapd: slapd, adjust: adjust, configure: configure)
    return try await withCleanUp {
        try await body(server)
    } cleanUp: {
        await server.finish()
    }
}

/// Where a test server reads its directory from: the LDIF file, or a real slapd loaded with the same entries.
enum TestDirectoryKind: String, Sendable, CaseIterable, CustomTestStringConvertible {
    case ldif, ldap
    var testDescription: String { rawValue }
}

/// The endpoints a test server connected, so that stopping it terminates them.
private final class ConnectedEndpoints: Sendable {
    private let endpoints = Mutex<[PersistentChatEndpoint]>([])

    func add(_ endpoint: PersistentChatEndpoint) { endpoints.withLock { $0.append(endpoint) } }

    func terminateAll() async {
        for endpoint in endpoints.withLock({ endpoints in defer { endpoints.removeAll() }; return endpoints }) {
            await endpoint.terminate()
        }
    }
}

extension ServerConfiguration {
    /// The LDIF file of a test server's directory.
    var ldifFile: String { directory.ldifPath ?? "" }
}
