import BotKit
import BotKitTesting
import Bots
import Foundation
import PersistentChat
import Testing

/// What a room member can make the `http` bot do, and what the room learns when a call fails: the configured path is
/// never left, and no internal address or URL reaches the room (the log has them).
@Suite struct BotHTTPSafetyTests {
    static let bot = "sip:echobot@contoso.com"

    static var registry: BotRegistry {
        var registry = ShippedBots.registry
        registry.register(LeakyBot.self)
        return registry
    }

    @Test func dotSegmentsAndSlashesInANameStayInsideTheConfiguredPath() async throws {
        try await withHTTPStub(answering: { _ in .text("ok") }) { stub in
            try await withTestServer { server in
                let fixture = try HostFixture(server: server, rooms: ["team.yaml": """
                    room: team
                    endpoint: \(Self.bot)
                    bots:
                      - type: http
                        command: get
                        url: "\(stub.url("/base/{name}"))"
                        allow_hosts: ["127.0.0.1"]
                    """])
                try await fixture.withHost { _ in
                    let (_, session) = try await server.join("alice", "team")
                    let messages = session.messages
                    let cases = [
                        ("../../admin", "/base/%2E%2E%2F%2E%2E%2Fadmin"),
                        ("..", "/base/%2E%2E"),
                        (".", "/base/%2E"),
                        ("a/../b", "/base/a%2F%2E%2E%2Fb"),
                        ("%2e%2e", "/base/%252e%252e"),
                    ]
                    for (index, (name, path)) in cases.enumerated() {
                        try await session.sendChatMessage("!get \(name)")
                        let answer = await first(messages) { $0.messageAuthor.value == Self.bot }
                        #expect(answer?.messageContent == "\(name): ok")
                        #expect(stub.requests.count == index + 1)
                        #expect(stub.requests.last?.path == path, "!get \(name)")
                    }
                }
            }
        }
    }

    @Test func aFailedCallOutTellsTheRoomWhatWentWrongButNoAddress() async throws {
        try await withHTTPStub(answering: { _ in .text("ok") }) { stub in
            try await withTestServer { server in
                let fixture = try HostFixture(server: server, rooms: ["team.yaml": """
                    room: team
                    endpoint: \(Self.bot)
                    bots:
                      - type: http
                        command: blocked
                        url: "\(stub.url("/status/{name}"))"
                      - type: http
                        command: closed
                        url: "http://127.0.0.1:1/status/{name}"
                        allow_hosts: ["127.0.0.1"]
                    """])
                try await fixture.withHost { _ in
                    let (_, session) = try await server.join("alice", "team")
                    let messages = session.messages
                    try await session.sendChatMessage("!blocked api")
                    let blocked = await first(messages) { $0.messageAuthor.value == Self.bot }?.messageContent ?? ""
                    #expect(blocked == "api: call failed: the service's address is not public and not allowed")
                    try await session.sendChatMessage("!closed api")
                    let closed = await first(messages) { $0.messageAuthor.value == Self.bot }?.messageContent ?? ""
                    #expect(closed == "api: call failed: the service could not be reached")
                    for text in [blocked, closed] {
                        #expect(!text.contains("127.0.0.1"))
                        #expect(!text.contains("\(stub.port)"))
                        #expect(!text.contains("/status"))
                    }
                    #expect(stub.requests.isEmpty)
                }
            }
        }
    }

    @Test func theBreakersAlertNamesNoAddressTheErrorHad() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["team.yaml": """
                room: team
                endpoint: \(Self.bot)
                bots:
                  - type: leaky
                    breaker: {failures: 1}
                """])
            try await fixture.withHost(registry: Self.registry) { _ in
                let (_, session) = try await server.join("alice", "team")
                let messages = session.messages
                try await session.sendChatMessage("!leak")
                let alert = await first(messages) { $0.messageAuthor.value == Self.bot }
                let text = alert?.messageContent ?? ""
                #expect(text.contains("leaky#0 is disabled after 1 failed calls in a row (the last one failed: GET (an address) refused;"))
                for secret in ["10.9.8.7", "8443", "/internal/admin", "db.internal", "5432", "fd00::17"] {
                    #expect(!text.contains(secret), "the alert names \(secret): \(text)")
                }
            }
        }
    }
}
