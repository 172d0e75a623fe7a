import BotKit
import Bots
import PersistentChat
import Testing
import YAMLConfig

/// Typed commands over real sockets: routing by prefix, alias and mention, usage errors and help from the
/// declarations, patterns, the fallback, and start-up refusals for faulty or clashing declarations.
@Suite struct BotCommandTests {
    static var registry: BotRegistry {
        var registry = ShippedBots.registry
        registry.register(DeployBot.self)
        registry.register(FaultyDeclarationBot.self)
        registry.register(UndeclaredMentionBot.self)
        return registry
    }

    static let room = """
        room: team
        endpoint: sip:echobot@contoso.com
        bots:
          - type: deploy
          - type: echo
        """

    /// Posts `text` and returns the bot's next answer.
    func ask(_ session: ChatRoomSession, _ text: String) async throws -> String? {
        let messages = session.messages
        let asked = try await session.sendChatMessage(text)
        return await first(messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" && $0.messageId > asked }?.messageContent
    }

    @Test func commandsAreRoutedDecodedAndExplained() async throws {
        try await withTestServer { server in
            try await HostFixture(server: server, rooms: ["team.yaml": Self.room]).withHost(registry: Self.registry) { _ in
                let (_, session) = try await server.join("alice", "team")

                #expect(try await ask(session, "!deploy api --env staging --replicas 3") == "deploying api to staging x3 for sip:alice@contoso.com")
                #expect(try await ask(session, "!SHIP 'api gateway'") == "deploying api gateway to prod x1 for sip:alice@contoso.com")
                #expect(try await ask(session, "@echobot deploy web --force") == "deploying web to prod x1 for sip:alice@contoso.com")
                #expect(try await ask(session, "echobot: echo said by name") == "said by name")
                // Usage errors come from the declaration, the decoding into Deploy, and the bot's own check.
                let usage = "Usage: !deploy <service> [--env prod] [--replicas <count>] [--force]"
                #expect(try await ask(session, "!deploy") == "!deploy: <service> is missing. \(usage)")
                #expect(try await ask(session, "!deploy api --env test") == "!deploy: --env cannot be 'test' (one of: prod, staging). \(usage)")
                #expect(try await ask(session, "!ship api --replicas many") == "!ship: --replicas expects a whole number, got 'many'. \(usage)")
                #expect(try await ask(session, "!deploy api --replicas 20") == "!deploy: more than 10 replicas in prod needs --force. \(usage)")
                // Help, whole and per command; a bare mention asks for it.
                let overview = """
                    Commands here (start a message with ! or @echobot):
                    !deploy <service> [--env prod] [--replicas <count>] [--force]: Deploys a service. Also: !ship.
                    !echo <text...>: Repeats the text.
                    !help [<command>]: Lists the commands, or explains one.
                    Also listening for: incident numbers such as INC-42.
                    """
                #expect(try await ask(session, "!help") == overview)
                #expect(try await ask(session, "@echobot") == overview)
                let detail = "!deploy <service> [--env prod] [--replicas <count>] [--force]\nDeploys a service.\nAlso called: !ship."
                #expect(try await ask(session, "!help ship") == detail)
                #expect(try await ask(session, "!deploy --help") == detail)
                #expect(try await ask(session, "!help nothing") == "!nothing is not a command here. !help lists them.")
                #expect(try await ask(session, "!deplyo api") == "!deplyo is not a command here. Did you mean !deploy? !help lists them.")
                // Not a command: the first matching pattern, else the fallback.
                #expect(try await ask(session, "is INC-42 still open?") == "incident 42: https://tracker.example/INC-42")
                #expect(try await ask(session, "ping deploy") == "pong from the fallback")
            }
        }
    }

    @Test func aRoomChoosesItsPrefixAndCanTurnMentionsAndUnknownAnswersOff() async throws {
        try await withTestServer { server in
            let room = """
                room: team
                endpoint: sip:echobot@contoso.com
                commands: {prefix: ".", mention: false, unknown: ignore}
                bots:
                  - type: echo
                """
            try await HostFixture(server: server, rooms: ["team.yaml": room]).withHost(registry: Self.registry) { _ in
                let (_, session) = try await server.join("alice", "team")
                let messages = session.messages
                for text in ["!echo old prefix", "@echobot echo by mention", ".nothing here", ".echo dot"] {
                    try await session.sendChatMessage(text)
                }
                // Only ".echo dot" is answered; the three before it are not commands here (or not known, and ignored).
                #expect(await first(messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }?.messageContent == "dot")
                #expect(try await ask(session, ".help echo") == ".echo <text...>\nRepeats the text.")
            }
        }
    }

    @Test(arguments: [
        ("two bots, one name", "  - type: echo\n  - type: echo\n    id: second\n", "bots[1]",
         "its command 'echo' is already a command of bot 'echo#0' in this room"),
        ("an alias clashes", "  - type: echo\n    command: ship\n  - type: deploy\n", "bots[1]",
         "its alias 'ship' (of 'deploy') is already a command of bot 'echo#0'"),
        ("faulty declaration", "  - type: faulty\n", "bots[0].type",
         "bot type 'faulty' declares a faulty command: command declaration 'restart [<service>] <when>': the required <when> cannot follow the optional [<service>]"),
        ("help is taken", "  - type: echo\n    id: help\n", "bots[0].id", "'help' is the name of the room's built-in help"),
        ("mentions go to an undeclared command", "  - type: mentions\n", "bots[0].type",
         "bot type 'mentions' answers mentions with 'ask', which it does not declare"),
        ("two bots answer mentions",
         "  - {type: assistant, url: 'http://127.0.0.1:9/v1/chat/completions', model: m}\n  - {type: assistant, id: two, command: ask2, url: 'http://127.0.0.1:9/v1/chat/completions', model: m}\n",
         "bots[1]", "bot 'assistant#0' in this room answers mentions already; only one bot of a room may"),
    ])
    func aClashOrAFaultyDeclarationStopsStartUp(label: String, bots: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n" + bots])
            fixture.expectRefusal(inFile: "team.yaml", key: key, reason: reason, registry: Self.registry)
        }
    }

    @Test(arguments: [
        ("commands: {prefix: ab}", "commands.prefix", "expected 1 to 4 symbols"),
        ("commands: {unknown: shout}", "commands.unknown", "expected answer or ignore"),
        ("commands: {prefixes: '!'}", "commands.prefixes", "unknown key"),
    ])
    func aBadCommandsKeyIsNamed(yaml: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\n\(yaml)\nbots:\n  - type: echo\n"])
            fixture.expectRefusal(key: key, reason: reason, registry: Self.registry)
        }
    }
}
