import BotKit
import BotKitTesting
import Bots
import Testing
import YAMLConfig

/// The harness bot authors test with: a real in-process pchatd, YAML options, replies checked, a virtual clock and an
/// HTTP stub on loopback.
@Suite struct BotKitTestingTests {
    @Test func aBotIsAskedAndItsRepliesChecked() async throws {
        try await withBotHarness(EchoBot.self) { harness in
            try await harness.send("!echo hello harness")
            try await harness.expectReply("hello harness")
            try await harness.send("not a command")
            try await harness.expectNoReply()
            try await harness.send("!echo one")
            await #expect {
                try await harness.expectReply("two")
            } throws: { error in
                "\(error)" == "expected the reply 'two', got 'one'"
            }
            try await harness.send("!echo from the other person", as: "other")
            #expect(try await harness.nextReply().messageContent == "from the other person")
        }
    }

    @Test func typedCommandsAndConfigurationErrorsAsBothostWouldReportThem() async throws {
        try await withBotHarness(DeployBot.self) { harness in
            try await harness.send("!deploy api --env staging")
            try await harness.expectReply("deploying api to staging x1 for sip:tester@harness.example")
            try await harness.send("!deploy")
            try await harness.expectReply("!deploy: <service> is missing. Usage: !deploy <service> [--env prod] [--replicas <count>] [--force]")
        }
        await #expect {
            try await withBotHarness(EchoBot.self, options: "command: two words") { _ in }
        } throws: { error in
            (error as? ConfigError)?.key == "bots[0].command"
        }
    }

    @Test func anHTTPBotCallsTheStub() async throws {
        try await withHTTPStub(answering: { request in
            request.path == "/status/api" ? .json(#"{"state":"green"}"#) : .text("no such service", status: 404)
        }) { stub in
            try await withBotHarness(HTTPBot.self, options: """
                command: status
                url: \(stub.url("/status/{name}"))
                allow_hosts: ["127.0.0.1"]
                json_field: state
                """) { harness in
                try await harness.send("!status api")
                try await harness.expectReply("api: green")
                try await harness.send("!status web")
                try await harness.expectReply("web: HTTP 404")
                #expect(stub.requests.map(\.path) == ["/status/api", "/status/web"])
                #expect(stub.requests.first?.method == .get)
            }
        }
    }

    @Test func theVirtualClockDrivesRateLimits() async throws {
        try await withBotHarness(EchoBot.self, room: "rate_limits: {user: 1/m}") { harness in
            try await harness.send("!echo first")
            try await harness.expectReply("first")
            try await harness.send("!echo second")
            try await harness.expectReply("Slow down, sip:tester@harness.example: at most 1 per 1 min per person in this room. Try again in 1 min.")
            harness.clock.advance(by: .seconds(60))
            try await harness.send("!echo third")
            try await harness.expectReply("third")
        }
    }
}
