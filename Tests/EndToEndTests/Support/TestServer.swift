import Foundation
import Logging
import PersistentChat
import PersistentChatServer
import Synchronization

/// A real pchatd on a loopback port with its own SQLite file in a temporary folder.
struct TestServer {
    let folder: URL
    let configuration: ServerConfiguration
    let running: RunningServer
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

    /// Starts a server in a new temporary folder (or `folder`, to restart on the same data), on a free port (or `port`).
    static func start(folder: URL? = nil, port: Int = 0, limits: ServerLimits = ServerLimits()) async throws -> TestServer {
        let folder = try folder ?? makeFolder()
        let configuration = try configuration(folder: folder, limits: limits, port: port)
        var logger = Logger(label: "pchatd-test")
        logger.logLevel = .warning
        let server = try PersistentChatServer(configuration: configuration, logger: logger)
        return TestServer(folder: folder, configuration: configuration, running: try await server.start())
    }

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

    func stop() async { await running.stop() }

    /// Stops the server and removes its folder.
    func tearDown() async {
        await stop()
        try? FileManager.default.removeItem(at: folder)
    }

    /// An established endpoint for `user` (e.g. "alice").
    func connect(_ user: String, password: String = TestDirectory.password) async throws -> PersistentChatEndpoint {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:\(user)@contoso.com", password: password))
        try await endpoint.establish()
        return endpoint
    }

    /// A joined session.
    func join(_ user: String, _ room: String) async throws -> (PersistentChatEndpoint, ChatRoomSession) {
        let endpoint = try await connect(user)
        let session = ChatRoomSession(endpoint: endpoint)
        try await session.join(name: room)
        return (endpoint, session)
    }
}

/// Waits for the first element that satisfies `predicate`, or nil after `seconds`.
func first<S: AsyncSequence & Sendable>(
    _ sequence: S, within seconds: Double = 10, where predicate: @escaping @Sendable (S.Element) -> Bool
) async -> S.Element? where S.Element: Sendable {
    await withTaskGroup(of: S.Element?.self) { group in
        group.addTask {
            do {
                for try await element in sequence where predicate(element) { return element }
            } catch {}
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: .seconds(seconds))
            return nil
        }
        let result = await group.next() ?? nil
        group.cancelAll()
        return result
    }
}

/// Collects the first `count` elements that satisfy `predicate`, or fewer if `seconds` pass first.
func firstN<S: AsyncSequence & Sendable>(
    _ count: Int, _ sequence: S, within seconds: Double = 10, where predicate: @escaping @Sendable (S.Element) -> Bool
) async -> [S.Element] where S.Element: Sendable {
    let found = Mutex<[S.Element]>([])
    _ = await first(sequence, within: seconds) { element in
        guard predicate(element) else { return false }
        return found.withLock { found in
            found.append(element)
            return found.count >= count
        }
    }
    return found.withLock { $0 }
}

/// Runs `body` and returns the PersistentChatError it throws (nil if it succeeds or throws something else).
func chatError(_ body: () async throws -> Void) async -> PersistentChatError? {
    do {
        try await body()
        return nil
    } catch let error as PersistentChatError {
        return error
    } catch {
        return nil
    }
}
