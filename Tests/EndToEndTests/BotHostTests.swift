import BotKit
import BotKitTesting
import Bots
import Foundation
import Hummingbird
import PersistentChat
import Testing
import YAMLConfig

/// bothost end to end: echo answers, a bot never sees its own messages, slow bots hold up nobody else, start-up errors name file and key.
@Suite struct BotHostTests {
    static let echoRoom = """
        room: help-desk
        endpoint: sip:echobot@contoso.com
        bots:
          - type: echo
        """

    @Test func aUserPostsAndTheEchoBotAnswers() async throws {
        let server = try await TestServer.start()
        let (host, http) = try await HostFixture(server: server, rooms: ["help-desk.yaml": Self.echoRoom]).start(server: server)
        #expect(await host.joinedRooms == ["help-desk"])
        let (alice, session) = try await server.join("alice", "help-desk")
        try await session.sendChatMessage("!echo hello world")
        let answer = await first(session.messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
        #expect(answer?.messageContent == "hello world")
        // "!echoing" is not "!echo": the room's help answers it. A command without its text gets its usage.
        try await session.sendChatMessage("!echoing nothing")
        try await session.sendChatMessage("!echo")
        let answers = await firstN(2, session.messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
        #expect(Set(answers.map(\.messageContent)) == [
            "!echoing is not a command here. !help lists them.",
            "!echo: <text...> is missing. Usage: !echo <text...>",
        ])
        // Stopping the host takes the bot out of the room, as the other participants see.
        let events = session.events
        async let left = first(events) { event in
            guard case .participantAttendanceChanged(let participant, isActive: false) = event else { return false }
            return participant.sipUri.value == "sip:echobot@contoso.com"
        }
        await host.stop()
        #expect(await left != nil)
        await alice.terminate()
        await http.shutdown()
        await server.tearDown()
    }

    @Test func aBotNeverSeesItsOwnMessages() async throws {
        let server = try await TestServer.start()
        let (host, http) = try await HostFixture(server: server, rooms: ["help-desk.yaml": Self.echoRoom]).start(server: server)
        let (alice, session) = try await server.join("alice", "help-desk")
        // The answer "!echo again" is itself a command: a bot fed its own messages would answer forever.
        try await session.sendChatMessage("!echo !echo again")
        try await Task.sleep(for: .seconds(1.5))
        let fromBot = try await session.getRecentChatHistory(50).filter { $0.messageAuthor.value == "sip:echobot@contoso.com" }
        #expect(fromBot.map(\.messageContent) == ["!echo again"])
        await alice.terminate()
        await host.stop()
        await http.shutdown()
        await server.tearDown()
    }

    @Test func aSlowBotHoldsUpNeitherOtherRoomsNorOtherBots() async throws {
        let server = try await TestServer.start()
        var registry = ShippedBots.registry
        registry.register(SleepyBot.self)
        let fixture = try HostFixture(server: server, rooms: [
            "team.yaml": """
                room: team
                endpoint: sip:echobot@contoso.com
                bots:
                  - type: sleepy
                    seconds: 30
                  - type: echo
                """,
            "help-desk.yaml": Self.echoRoom,
        ])
        let (host, http) = try await fixture.start(server: server, registry: registry)
        let (alice, team) = try await server.join("alice", "team")
        let help = ChatRoomSession(endpoint: alice)
        try await help.join(name: "help-desk")
        try await team.sendChatMessage("!echo first")
        let started = ContinuousClock.now
        try await help.sendChatMessage("!echo other room")
        #expect(await first(help.messages, within: 5) { $0.messageAuthor.value == "sip:echobot@contoso.com" }?.messageContent == "other room")
        #expect(await first(team.messages, within: 5) { $0.messageAuthor.value == "sip:echobot@contoso.com" }?.messageContent == "first")
        #expect(ContinuousClock.now - started < .seconds(10))
        await alice.terminate()
        await host.stop()
        await http.shutdown()
        await server.tearDown()
    }

    @Test func theHTTPBotCallsOutThroughCurlAndPostsAShortResult() async throws {
        let statusServer = try await HTTPStub.start { request in
            let name = request.path.split(separator: "/").last.map { String($0).removingPercentEncoding ?? "" } ?? ""
            return .json(#"{"status":{"indicator":"green for \#(name)"}}"#)
        }
        let server = try await TestServer.start()
        let fixture = try HostFixture(server: server, rooms: ["team.yaml": """
            room: team
            endpoint: sip:echobot@contoso.com
            bots:
              - type: http
                command: status
                url: "http://127.0.0.1:\(statusServer.port)/status/{name}"
                allow_hosts: ["127.0.0.1"]
                json_field: status.indicator
              - type: http
                command: blocked
                url: "http://127.0.0.1:\(statusServer.port)/status/{name}"
            """])
        let (host, http) = try await fixture.start(server: server)
        let (alice, session) = try await server.join("alice", "team")
        try await session.sendChatMessage("!status api gateway")
        let answer = await first(session.messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
        #expect(answer?.messageContent == "api gateway: green for api gateway")
        try await session.sendChatMessage("!blocked api")
        let refused = await first(session.messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
        #expect(refused?.messageContent.hasPrefix("api: call failed") == true)
        #expect(refused?.messageContent.contains("127.0.0.1") == true)
        #expect(statusServer.requests.count == 1)
        await alice.terminate()
        await host.stop()
        await http.shutdown()
        await server.tearDown()
        await statusServer.stop()
    }

    @Test(arguments: [
        ("unknown type", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: ecko\n", "bots[0].type", "unknown bot type 'ecko'"),
        ("bad option", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    command: two words\n", "bots[0].command", "'two words' is not a command name"),
        ("option of an old version", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    prefix: \"!echo\"\n", "bots[0].prefix", "unknown key for bot type 'echo' (its options: command)"),
        ("misspelt option", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: http\n    command: s\n    url: http://x\n    max_replies: 3\n", "bots[0].max_replies", "unknown key for bot type 'http' (its options: allow_hosts, command, json_field, max_reply, summary, timeout_seconds, url)"),
        ("wrong option type", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: http\n    command: [1]\n    url: http://x\n", "bots[0].command", "expected a single value"),
        ("unknown key", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbotz: []\n", "botz", "unknown key"),
        ("foreign endpoint", "room: help-desk\nendpoint: sip:alice@contoso.com\nbots:\n  - type: echo\n", "endpoint", "not one of the host's endpoints"),
        ("bad YAML", "room: [unclosed\n", "", "invalid YAML"),
        ("supervision timeout", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    timeout: soon\n", "bots[0].timeout", "expected a duration"),
        ("supervision timeout", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    timeout: 0s\n", "bots[0].timeout", "between 1ms and 24h"),
        ("supervision concurrency", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    concurrency: 0\n", "bots[0].concurrency", "expected 1 to 64"),
        ("supervision breaker", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    breaker:\n      failures: 0\n", "bots[0].breaker.failures", "expected 1 to 1000"),
        ("supervision breaker", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    breaker:\n      cool_down: later\n", "bots[0].breaker.cool_down", "expected a duration"),
        ("supervision breaker", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    breaker:\n      failure: 3\n", "bots[0].breaker.failure", "unknown key"),
        ("instance id", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    id: my bot\n", "bots[0].id", "expected 1 to 64 letters"),
        ("instance id", "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    id: twin\n  - type: echo\n    id: twin\n", "bots[1].id", "already named 'twin'"),
    ])
    func aBadRoomFileStopsStartUpNamingFileAndKey(label: String, yaml: String, key: String, reason: String) async throws {
        let server = try await TestServer.start()
        let fixture = try HostFixture(server: server, rooms: ["broken.yaml": yaml])
        fixture.expectRefusal(inFile: "broken.yaml", key: key, reason: reason)
        await server.tearDown()
    }

    @Test(arguments: [
        ("reconnect: {initial: soon}", "reconnect.initial", "expected a duration"),
        ("reconnect: {initial: 2s, max: 1s}", "reconnect.max", "must not be shorter than reconnect.initial"),
        ("reconnect: {jitter: 1}", "reconnect.jitter", "unknown key"),
    ])
    func aBadHostKeyStopsStartUpNamingIt(yaml: String, key: String, reason: String) async throws {
        let server = try await TestServer.start()
        let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.echoRoom], hostYAML: yaml)
        fixture.expectRefusal(inFile: "host.yaml", key: key, reason: reason)
        await server.tearDown()
    }

    @Test func aLedgerThatCannotBeOpenedStopsStartUpNamingIt() async throws {
        let server = try await TestServer.start()
        let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.echoRoom], hostYAML: "ledger: /proc/no-such-place/ledger.sqlite")
        await #expect {
            _ = try await fixture.start(server: server)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file.hasSuffix("host.yaml") && error.key == "ledger" && error.reason.contains("/proc/no-such-place")
        }
        await server.tearDown()
    }

    @Test func aMissingRoomOrARefusedIdentityStopsStartUp() async throws {
        let server = try await TestServer.start()
        let missing = try HostFixture(server: server, rooms: ["gone.yaml": "room: no-such-room\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n"])
        await #expect {
            _ = try await missing.start(server: server)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file.hasSuffix("gone.yaml") && error.key == "room" && error.reason.contains("NoSuchNode") && error.reason.contains("no-such-room")
        }
        let refused = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.echoRoom], password: "wrong")
        await #expect {
            _ = try await refused.start(server: server)
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file.hasSuffix("host.yaml") && error.key == "endpoints[0].uri" && error.reason.contains("identity.wrongPassword")
        }
        await server.tearDown()
    }
}

/// A bot that takes its time, to show it holds up nobody else.
struct SleepyBot: Bot {
    struct Options: Decodable, Sendable { var seconds: Int }
    static let typeName = "sleepy"
    let seconds: Int
    init(options: Options, context: BotSetupContext) { seconds = options.seconds }
    func handle(_ message: ChatMessage, context: BotContext) async throws {
        try await Task.sleep(for: .seconds(seconds))
    }
}
