import BotKit
import CurlHTTP
import Foundation
import Logging
import PersistentChat
import Synchronization
import YAMLConfig

/// Runs one bot against a real pchatd in the test's process, configured from YAML as bothost would configure it, and
/// talks to it as a person in its room.
///
/// ```swift
/// try await withBotHarness(Deployer.self, options: "services: [api, web]") { harness in
///     try await harness.send("!deploy api --env staging")
///     try await harness.expectReply("deploying api to staging")
///     harness.clock.advance(by: .seconds(60))   // timeouts, cool-downs and rate limits run on this clock
/// }
/// ```
///
/// ``withBotHarness(_:options:room:host:registry:wallStart:privacy:isolation:_:)`` stops the harness however the test ends;
/// ``start(_:options:room:host:registry:wallStart:privacy:)`` and ``stop()`` leave stopping it to the test.
///
/// The room is open unless `privacy` says otherwise, and everyone is its member; its people are `sip:tester@harness.example` (a manager of the room and in the group `Testers`)
/// and `sip:other@harness.example`; the bot posts as `sip:bot@harness.example`, a system user.
public final class BotTestHarness: Sendable {
    /// The bot's clock: it moves only when the test advances it.
    public let clock: VirtualBotClock
    /// The bot's SIP URI.
    public let botURI = "sip:bot@\(HarnessServer.domain)"
    private let server: HarnessServer
    private let hosts: Mutex<BotHost>
    /// A new host on the harness's configuration, ledger and clock.
    private let makeHost: @Sendable () -> BotHost
    private var host: BotHost { hosts.withLock { $0 } }
    private let http: CurlHTTPClient
    private let people: Mutex<[String: ChatRoomSession]>
    private let heard: Transcript
    private let room: String

    private init(clock: VirtualBotClock, server: HarnessServer, host: BotHost, makeHost: @escaping @Sendable () -> BotHost,
                 http: CurlHTTPClient, room: String, heard: Transcript) {
        self.clock = clock
        self.server = server
        hosts = Mutex(host)
        self.makeHost = makeHost
        self.http = http
        self.room = room
        self.heard = heard
        people = Mutex([:])
    }

    /// Starts a server, then a host running `type` with `options` (YAML, the keys beside `type:` in a room file).
    ///
    /// `room` is added to the room file as it is (`commands:`, `permissions:`, `rate_limits:`), and `host` to
    /// host.yaml (`outbound:`). A configuration error is thrown as bothost would report it.
    ///
    /// The clock's wall clock starts at `wallStart` (by default Monday 5 January 2026, 00:00 UTC). The room is
    /// `privacy` (open by default).
    public static func start<B: Bot>(_ type: B.Type, options: String = "", room: String = "", host hostYAML: String = "",
                                     registry extra: BotRegistry? = nil,
                                     wallStart: Date = VirtualBotClock().wallStart,
                                     privacy: ChatRoomPrivacy = .open) async throws -> BotTestHarness {
        let roomName = "bots"
        let server = try await HarnessServer.start(room: roomName, privacy: privacy)
        do {
            let folder = server.folder.appendingPathComponent("host")
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("rooms"), withIntermediateDirectories: true)
            let passwordFile = folder.appendingPathComponent("bot.password")
            try "\(server.password)\n".write(to: passwordFile, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: passwordFile.path)
            let hostFile = folder.appendingPathComponent("host.yaml").path
            try """
                server: \(server.running.url)
                endpoints:
                  - uri: sip:bot@\(HarnessServer.domain)
                    password_file: bot.password
                \(hostYAML)
                """.write(toFile: hostFile, atomically: true, encoding: .utf8)
            let indented = options.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n")
            try """
                room: \(roomName)
                endpoint: sip:bot@\(HarnessServer.domain)
                \(room)
                bots:
                  - type: \(B.typeName)
                \(indented)
                """.write(to: folder.appendingPathComponent("rooms/\(roomName).yaml"), atomically: true, encoding: .utf8)
            var registry = extra ?? BotRegistry()
            if !registry.typeNames.contains(B.typeName) { registry.register(B.self) }
            var logger = Logger(label: "harness-bothost")
            logger.logLevel = .warning
            let configuration = try HostConfigurationLoader.load(path: hostFile, registry: registry, logger: logger)
            let clock = VirtualBotClock(wallStart: wallStart)
            let http = CurlHTTPClient(logger: logger)
            let makeHost: @Sendable () -> BotHost = { [logger] in
                BotHost(configuration: configuration, serverURL: server.running.url,
                        platform: CollaborationPlatform(applicationName: "botkit-harness", logger: logger), http: http, clock: clock)
            }
            let host = makeHost()
            do {
                try await host.start()
            } catch {
                await http.shutdown()
                throw error
            }
            let harness = BotTestHarness(clock: clock, server: server, host: host, makeHost: makeHost, http: http, room: roomName,
                                         heard: Transcript())
            do {
                _ = try await harness.session(for: "tester")
            } catch {
                await host.stop()
                await http.shutdown()
                throw error
            }
            return harness
        } catch {
            await server.stop()
            throw error
        }
    }

    /// The bot's stored values (``BotContext/storage``), or with `shared` those of every instance of its type
    /// (``BotContext/sharedStorage``): to preload them before a test sends anything, and to read what the bot
    /// stored. Each operation is written at once, and waits for a call of the bot that uses storage to end.
    public func storage(shared: Bool = false) async throws -> BotStorage {
        guard let storage = await host.storage(ofBotAt: 0, inRoomNamed: room) else {
            throw BotTestHarnessError.botNotRunning(room: room)
        }
        return shared ? storage.shared : storage.own
    }

    /// Stops the bot's host as bothost stops, then starts a new one on the same configuration, ledger and clock, as
    /// a restart of bothost would: to test what survives a restart (stored values, schedules, jobs, open questions).
    /// `whileStopped` runs in between (to move the clock on while the host is down, say).
    public func restartHost(whileStopped: () -> Void = {}) async throws {
        await host.stop()
        whileStopped()
        let next = makeHost()
        hosts.withLock { $0 = next }
        try await next.start()
    }

    /// Stops the host, the people's connections and the server, and removes the harness's files.
    public func stop() async {
        await host.stop()
        for session in people.withLock({ Array($0.values) }) { await session.endpoint.terminate() }
        await http.shutdown()
        await server.stop()
    }

    /// Posts `text` to the room as `user` (`tester` or `other`) and returns the stored message's id. Replies are
    /// then looked for after it.
    @discardableResult
    public func send(_ text: String, as user: String = "tester", alert: Bool = false) async throws -> Int64 {
        let session = try await session(for: user)
        let id = try await session.sendChatMessage(text, alert: alert)
        heard.mark(after: id)
        return id
    }

    /// The bot's next message after the last one sent (or after the last reply taken), within `seconds` of real time.
    public func nextReply(within seconds: Double = 5) async throws -> ChatMessage {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if let message = heard.take(from: botURI) { return message }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw BotTestHarnessError.noReply(after: heard.lastSent, seconds: seconds)
    }

    /// Waits for the bot's next message and checks its text.
    public func expectReply(_ text: String, within seconds: Double = 5) async throws {
        let reply = try await nextReply(within: seconds)
        guard reply.messageContent == text else {
            throw BotTestHarnessError.unexpectedReply(expected: text, got: reply.messageContent)
        }
    }

    /// Checks that the bot says nothing for `seconds` of real time.
    public func expectNoReply(within seconds: Double = 0.5) async throws {
        if let reply = try? await nextReply(within: seconds) {
            throw BotTestHarnessError.replyWhenNoneExpected(reply.messageContent)
        }
    }

    /// The bot instance's counts so far.
    public var statistics: [BotStatistics] { get async { await host.statistics } }

    private func session(for user: String) async throws -> ChatRoomSession {
        if let session = people.withLock({ $0[user] }) { return session }
        let endpoint = PersistentChatEndpoint(serverAddress: server.running.url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "botkit-harness"), ownerUri: "sip:\(user)@\(HarnessServer.domain)",
            password: server.password))
        let session = ChatRoomSession(endpoint: endpoint)
        do {
            try await endpoint.establish()
            try await session.join(name: room)
        } catch {
            await endpoint.terminate()
            throw error
        }
        if people.withLock({ $0.isEmpty }) {
            let messages = session.messages
            let heard = heard
            Task { for await message in messages { heard.append(message) } }
            // What the bot posted as it started, before the tester listened (a first read, a greeting), from the history.
            for message in (try? await session.getRecentChatHistory(50)) ?? [] { heard.append(message) }
        }
        people.withLock { $0[user] = session }
        return session
    }
}

/// Starts a ``BotTestHarness`` running `type`, runs `body` with it, and stops it whether `body` returns or throws, so a
/// failing test leaves no server, host, connection or folder behind. The parameters are those of
/// ``BotTestHarness/start(_:options:room:host:registry:wallStart:privacy:)``; a configuration error is thrown before `body` runs.
///
/// ```swift
/// @Test func deploysToStaging() async throws {
///     try await withBotHarness(Deployer.self) { harness in
///         try await harness.send("!deploy api --env staging")
///         try await harness.expectReply("deploying api to staging")
///     }
/// }
/// ```
public func withBotHarness<B: Bot, Result>(
    _ type: B.Type, options: String = "", room: String = "", host: String = "", registry: BotRegistry? = nil,
    wallStart: Date = VirtualBotClock().wallStart, privacy: ChatRoomPrivacy = .open,
    isolation: isolated (any Actor)? = #isolation, _ body: (BotTestHarness) async throws -> Result
) async throws -> Result {
    let harness = try await BotTestHarness.start(type, options: options, room: room, host: host, registry: registry,
                                                 wallStart: wallStart, privacy: privacy)
    return try await withResource(harness, stop: { await $0.stop() }, body)
}

/// What the harness heard in the room, and where the test has read up to.
private final class Transcript: Sendable {
    private struct State {
        var messages: [ChatMessage] = []
        var after: Int64 = 0
    }
    private let state = Mutex(State())

    var lastSent: Int64 { state.withLock { $0.after } }

    /// Keeps `message` in id order; one heard twice (live and from the history) is kept once.
    func append(_ message: ChatMessage) {
        state.withLock { state in
            guard !state.messages.contains(where: { $0.messageId == message.messageId }) else { return }
            let index = state.messages.lastIndex { $0.messageId < message.messageId }.map { $0 + 1 } ?? 0
            state.messages.insert(message, at: index)
        }
    }

    func mark(after id: Int64) { state.withLock { $0.after = max($0.after, id) } }

    /// The first message by `author` after the mark, which moves past it.
    func take(from author: String) -> ChatMessage? {
        state.withLock { state in
            guard let message = state.messages.first(where: { $0.messageId > state.after && $0.messageAuthor.value == author }) else {
                return nil
            }
            state.after = message.messageId
            return message
        }
    }
}

/// A reply the harness did not get, or did not expect; or a bot that does not run.
public enum BotTestHarnessError: Error, Sendable, CustomStringConvertible {
    case noReply(after: Int64, seconds: Double)
    case unexpectedReply(expected: String, got: String)
    case replyWhenNoneExpected(String)
    case botNotRunning(room: String)

    public var description: String {
        switch self {
        case .botNotRunning(let room): "the bot does not run in room '\(room)'"
        case .noReply(let after, let seconds): "the bot did not answer within \(seconds) s (after message \(after))"
        case .unexpectedReply(let expected, let got): "expected the reply '\(expected)', got '\(got)'"
        case .replyWhenNoneExpected(let text): "expected no reply, got '\(text)'"
        }
    }
}
