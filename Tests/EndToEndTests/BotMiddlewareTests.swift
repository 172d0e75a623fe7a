import BotKit
import BotKitTesting
import Bots
import CurlHTTP
import PersistentChat
import Testing
import YAMLConfig

/// Middleware over real sockets: the three stages, room permissions by URI, role and group, rate limits with one
/// refusal per period, and the outbound token bucket, on a manual clock where time matters.
@Suite struct BotMiddlewareTests {
    static let bot = "sip:echobot@contoso.com"

    /// Posts `text` and returns the next answer by `author`, or nil within `seconds`.
    func ask(_ session: ChatRoomSession, _ text: String, by author: String = Self.bot, within seconds: Double = 10) async throws -> String? {
        let messages = session.messages
        let asked = try await session.sendChatMessage(text)
        return await first(messages, within: seconds) { $0.messageAuthor.value == author && $0.messageId > asked }?.messageContent
    }

    @Test func middlewareSeesMessagesCallsAndReplies() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: deploy\n  - type: echo\n"])
            let recorder = RecordingMiddleware()
            try await fixture.withHost(registry: BotCommandTests.registry, middleware: [recorder]) { _ in
                let (_, session) = try await server.join("alice", "help-desk")
                let (_, carolSession) = try await server.join("carol", "help-desk")
                #expect(try await ask(session, "!echo please shout") == "PLEASE SHOUT")
                #expect(try await ask(session, "INC-7 again") == "incident 7: https://tracker.example/INC-7")
                // Carol's messages never reach the bots: no answer, and no call recorded. The bots take the room's
                // messages in order, so the first answer after carol's message is the one to alice's next.
                let asked = try await carolSession.sendChatMessage("!echo anyone?")
                try await session.sendChatMessage("!echo after carol")
                let firstAnswer = await first(session.messages) { $0.messageAuthor.value == Self.bot && $0.messageId > asked }
                #expect(firstAnswer?.messageContent == "after carol")
                let routes = recorder.routes.withLock { $0 }
                #expect(routes.contains(.command("echo")))
                #expect(routes.contains(.pattern(#"\bINC-(?<number>\d+)\b"#)))
                #expect(routes.contains(.message))
            }
        }
    }

    @Test func permissionsByURIAndRoleAllowSomeAndRefuseOthersWithAReason() async throws {
        try await withTestServer { server in
            let room = """
                room: help-desk
                endpoint: sip:echobot@contoso.com
                permissions:
                  default: allow
                  commands:
                    deploy: ["sip:bob@*"]
                    echo: ["role:manager"]
                bots:
                  - type: deploy
                  - type: echo
                """
            try await HostFixture(server: server, rooms: ["help-desk.yaml": room]).withHost(registry: BotCommandTests.registry) { _ in
                let (_, session) = try await server.join("alice", "help-desk")
                let (_, bobSession) = try await server.join("bob", "help-desk")
                #expect(try await ask(session, "!deploy api") == "sip:alice@contoso.com may not use !deploy here.")
                #expect(try await ask(bobSession, "!ship api") == "deploying api to prod x1 for sip:bob@contoso.com")
                // Alice manages help-desk; Bob does not.
                #expect(try await ask(session, "!echo from a manager") == "from a manager")
                #expect(try await ask(bobSession, "!echo from bob") == "sip:bob@contoso.com may not use !echo here.")
                // Help is not a command of any bot: it stays open to everyone.
                #expect(try await ask(bobSession, "!help echo") == "!echo <text...>\nRepeats the text.")
            }
        }
    }

    @Test func denyByDefaultWithADirectoryGroup() async throws {
        try await withTestServer { server in
            // Carol is a system user, so the host may read other users' groups as her.
            let room = """
                room: help-desk
                endpoint: sip:carol@contoso.com
                permissions:
                  default: deny
                  commands:
                    echo: ["group:Support"]
                bots:
                  - type: deploy
                  - type: echo
                """
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": room], endpoint: "carol")
            try await fixture.withHost(registry: BotCommandTests.registry) { _ in
                let (_, session) = try await server.join("alice", "help-desk")
                let (_, bobSession) = try await server.join("bob", "help-desk")
                let carol = "sip:carol@contoso.com"
                #expect(try await ask(session, "!echo support here", by: carol) == "support here")
                #expect(try await ask(bobSession, "!echo bob here", by: carol) == "sip:bob@contoso.com may not use !echo here.")
                // Nothing allows !deploy or the patterns, so they are refused for everyone.
                #expect(try await ask(session, "!deploy api", by: carol) == "sip:alice@contoso.com may not use !deploy here.")
                #expect(try await ask(session, "INC-9", by: carol) == "sip:alice@contoso.com may not use this bot here.")
            }
        }
    }

    @Test func aRateLimitRefusesOncePerPeriodAndRefillsWithTime() async throws {
        try await withTestServer { server in
            let clock = VirtualBotClock()
            let room = "room: help-desk\nendpoint: sip:echobot@contoso.com\nrate_limits: {user: 2/m}\nbots:\n  - type: echo\n"
            try await HostFixture(server: server, rooms: ["help-desk.yaml": room]).withHost(registry: BotCommandTests.registry, clock: clock) { _ in
                let (_, session) = try await server.join("alice", "help-desk")
                let (_, bobSession) = try await server.join("bob", "help-desk")
                #expect(try await ask(session, "!echo 1") == "1")
                #expect(try await ask(session, "!echo 2") == "2")
                #expect(try await ask(session, "!echo 3") == "Slow down, sip:alice@contoso.com: at most 2 per 1 min per person in this room. Try again in 30 s.")
                // Refused again within the period, silently; Bob has his own allowance.
                #expect(try await ask(bobSession, "!echo bob") == "bob")
                let counts = try await RoomTranscript.settledCounts(in: session, by: Self.bot) { $0["bob"] != nil }
                #expect(counts["4"] == nil)
                try await session.sendChatMessage("!echo 4")
                #expect(try await ask(bobSession, "!echo bob again") == "bob again")
                #expect(try await RoomTranscript.counts(in: session, by: Self.bot)["4"] == nil)
                clock.advance(by: .seconds(30))
                #expect(try await ask(session, "!echo 5") == "5")
            }
        }
    }

    @Test func theOutboundBucketHoldsRepliesBackUntilItRefills() async throws {
        try await withTestServer { server in
            let clock = VirtualBotClock()
            // A long timeout: advancing the clock must not time the waiting call out.
            let room = "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n    timeout: 1h\n"
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": room], hostYAML: "outbound: {room: 2/m}")
            try await fixture.withHost(registry: BotCommandTests.registry, clock: clock) { _ in
                let (_, session) = try await server.join("alice", "help-desk")
                for n in 1...3 { try await session.sendChatMessage("!echo \(n)") }
                let firstTwo = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0["1"] != nil && $0["2"] != nil }
                #expect(firstTwo["3"] == nil)
                // The third reply waits on the clock (its call's timeout timer is the other sleeper), not on the server.
                #expect(await eventually { clock.sleeping == 2 })
                #expect(try await RoomTranscript.counts(in: session, by: Self.bot)["3"] == nil)
                clock.advance(by: .seconds(30))
                let all = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0["3"] != nil }
                #expect(all == ["1": 1, "2": 1, "3": 1])
            }
        }
    }

    @Test(arguments: [
        ("permissions: {default: maybe}\n", "permissions.default", "expected allow or deny"),
        ("permissions: {commands: {deplyo: ['sip:bob@contoso.com']}}\n", "permissions.commands.deplyo", "no bot in this room declares a command 'deplyo'"),
        ("permissions: {commands: {deploy: ['bob']}}\n", "permissions.commands.deploy[0]", "expected sip:URI (with * wildcards), group:NAME or role:manager|presenter|member, got 'bob'"),
        ("permissions: {commands: {deploy: ['role:owner']}}\n", "permissions.commands.deploy[0]", "got 'role:owner'"),
        ("rate_limits: {user: lots}\n", "rate_limits.user", "expected a rate such as 5/m"),
        ("rate_limits: {users: 5/m}\n", "rate_limits.users", "unknown key"),
    ])
    func aBadPermissionOrRateKeyIsNamed(yaml: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\n\(yaml)bots:\n  - type: deploy\n"])
            fixture.expectRefusal(inFile: "team.yaml", key: key, reason: reason, registry: BotCommandTests.registry)
            let host = try HostFixture(server: server, rooms: ["team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n"],
                                       hostYAML: "outbound: {room: fast}")
            host.expectRefusal(key: "outbound.room")
        }
    }
}
