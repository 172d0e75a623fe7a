import BotKit
import Bots
import CurlHTTP
import Foundation
import Logging
import PersistentChat
import Testing
import YAMLConfig

/// Writes host.yaml, a password file and room files in a folder of the test server's, and runs a BotHost on them
/// against that server (``withHost(registry:clock:middleware:_:)``).
struct HostFixture {
    let folder: URL
    let hostFile: String
    /// The address of the server host.yaml names.
    let serverURL: String

    /// `rooms` maps file names to room-file YAML.
    /// `hostYAML` is added to host.yaml as it is.
    init(server: TestServer, rooms: [String: String], endpoint: String = "echobot", password: String = TestDirectory.password,
         hostYAML: String = "") throws {
        folder = server.folder.appendingPathComponent("host-\(UUID().uuidString)")
        serverURL = server.url
        let roomsFolder = folder.appendingPathComponent("rooms")
        try FileManager.default.createDirectory(at: roomsFolder, withIntermediateDirectories: true)
        try "# test password\n\(password)\n".write(to: folder.appendingPathComponent("bot.password"), atomically: true, encoding: .utf8)
        hostFile = folder.appendingPathComponent("host.yaml").path
        try """
            server: \(server.url)
            endpoints:
              - uri: sip:\(endpoint)@contoso.com
                password_file: bot.password
            rooms: rooms
            \(hostYAML)
            """.write(toFile: hostFile, atomically: true, encoding: .utf8)
        for (name, text) in rooms {
            try text.write(to: roomsFolder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
    }

    static var logger: Logger {
        var logger = Logger(label: "bothost-test")
        logger.logLevel = .warning
        return logger
    }

    func load(registry: BotRegistry = ShippedBots.registry) throws -> HostConfiguration {
        try HostConfigurationLoader.load(path: hostFile, registry: registry, logger: Self.logger)
    }

    /// Expects loading to be refused with a ``ConfigError`` at `key` whose reason contains `reason` (any reason when
    /// empty), in a file whose path ends with `file` (any file when nil), with a line number when `withLine`.
    func expectRefusal(inFile file: String? = nil, key: String, reason: String = "", withLine: Bool = false,
                       registry: BotRegistry = ShippedBots.registry, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(sourceLocation: sourceLocation) {
            _ = try load(registry: registry)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return (file.map { error.file.hasSuffix($0) } ?? true) && error.key == key
                && (reason.isEmpty || error.reason.contains(reason)) && (!withLine || error.line != nil)
        }
    }

    /// Loads the files, starts a host on them, runs `body` with it and its HTTP client, and stops both whether `body`
    /// returns or throws (also when the host fails to start).
    func withHostAndClient<Result>(registry: BotRegistry = ShippedBots.registry, clock: any BotClock = SystemBotClock(),
                                   middleware: [any BotMiddleware] = [],
                                   _ body: (BotHost, CurlHTTPClient) async throws -> Result) async throws -> Result {
        let configuration = try load(registry: registry)
        let http = CurlHTTPClient(logger: Self.logger)
        let host = BotHost(configuration: configuration, serverURL: serverURL,
                           platform: CollaborationPlatform(applicationName: "bothost-test", logger: Self.logger), http: http,
                           clock: clock, middleware: middleware)
        return try await withCleanUp {
            try await host.start()
            return try await body(host, http)
        } cleanUp: {
            await host.stop()
            await http.shutdown()
        }
    }

    /// Runs `body` with a started host, as ``withHostAndClient(registry:clock:middleware:_:)`` does.
    func withHost<Result>(registry: BotRegistry = ShippedBots.registry, clock: any BotClock = SystemBotClock(),
                          middleware: [any BotMiddleware] = [], _ body: (BotHost) async throws -> Result) async throws -> Result {
        try await withHostAndClient(registry: registry, clock: clock, middleware: middleware) { host, _ in try await body(host) }
    }
}
