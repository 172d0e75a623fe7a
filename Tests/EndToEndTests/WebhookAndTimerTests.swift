import BotKit
import BotKitTesting
import Bots
import CurlHTTP
import Foundation
import HTTPTypes
import PersistentChat
import Testing
import YAMLConfig

/// What an instance owns besides its messages: webhooks served by the host's listener and timers, both torn down
/// when the instance stops.
@Suite struct WebhookAndTimerTests {
    static let token = "webhook-token-0123456789"

    static var registry: BotRegistry {
        var registry = ShippedBots.registry
        registry.register(AlertBot.self)
        return registry
    }

    /// A host running the alerts bot as `monitor` in help-desk behind its webhook listener, with alice in the room;
    /// `body` gets the fixture, the host, a client, the webhooks' base URL and alice's session.
    static func withMonitor(_ body: (HostFixture, BotHost, CurlHTTPClient, String, ChatRoomSession) async throws -> Void) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: alerts\n    id: monitor\n"],
                                          hostYAML: "webhooks: {listen: '127.0.0.1:0', token_file: hook.token}")
            try "\(Self.token)\n".write(to: fixture.folder.appendingPathComponent("hook.token"), atomically: true, encoding: .utf8)
            try await fixture.withHostAndClient(registry: Self.registry) { host, http in
                let port = try #require(await host.webhookPort)
                let (_, session) = try await server.join("alice", "help-desk")
                try await body(fixture, host, http, "http://127.0.0.1:\(port)/hooks/help-desk/monitor/", session)
            }
        }
    }

    static var policy: HTTPClientPolicy {
        var policy = HTTPClientPolicy()
        policy.allowedHosts = ["127.0.0.1"]
        return policy
    }

    @Test func aWebhookPostsToTheRoomAndAnswersTheCallerAndGoesAwayWithItsBot() async throws {
        try await Self.withMonitor { fixture, host, http, base, session in
            let policy = Self.policy
            let url = base + "alertmanager"
            let authorized: HTTPFields = [.authorization: "Bearer \(Self.token)"]

            let messages = session.messages
            let posted = try await http.post(url, body: Array(#"{"service":"api","state":"down"}"#.utf8), headers: authorized, policy: policy)
            #expect(posted.status == 202)
            #expect(posted.text == "posted")
            let alert = await first(messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
            #expect(alert?.messageContent == "api is down")
            #expect(alert?.isAlert == true)

            #expect(try await http.post(url, body: Array("{}".utf8), headers: [.authorization: "Bearer wrong-token-000000000"], policy: policy).status == 401)
            #expect(try await http.post(url, body: Array("{}".utf8), policy: policy).status == 401)
            // Without the token, a body over the limit is not even read: 401, not 413.
            let unread = try await http.post(url, body: [UInt8](repeating: 0x20, count: 2 << 20), policy: policy)
            #expect(unread.status == 401)
            let badJSON = try await http.post(url, body: Array("not json".utf8), headers: authorized, policy: policy)
            #expect(badJSON.status == 400)
            #expect(badJSON.text?.hasPrefix("the body is not the JSON this webhook takes") == true)
            #expect(try await http.post(url + "-nope", body: [], headers: authorized, policy: policy).status == 404)
            #expect(try await http.get(url, headers: authorized, policy: policy).status == 405)

            // A reload that takes the bot out of the room takes its webhook with it.
            try "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n"
                .write(to: fixture.folder.appendingPathComponent("rooms/help-desk.yaml"), atomically: true, encoding: .utf8)
            try await host.reload(try fixture.load(registry: Self.registry))
            #expect(try await http.post(url, body: Array("{}".utf8), headers: authorized, policy: policy).status == 404)
        }
    }

    @Test func aWebhookWithItsOwnAuthenticationTakesASignatureOrItsTokenInsteadOfTheHosts() async throws {
        try await Self.withMonitor { fixture, host, http, base, session in
            let policy = Self.policy
            let github = base + "github"
            let body = #"{"ref":"refs/heads/main"}"#
            // HMAC-SHA256 of the body with "github-secret", as GitHub signs it.
            let signature = try await "sha256=" + HMACProbe.sha256Hex(body, key: "github-secret")
            let messages = session.messages
            let signed = try await http.post(github, body: Array(body.utf8), headers: [HTTPField.Name("X-Hub-Signature-256")!: signature], policy: policy)
            #expect(signed.status == 204)
            #expect(await first(messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }?.messageContent == "signed: \(body)")
            // A wrong signature, a body changed under it, or the host's token instead: 401.
            #expect(try await http.post(github, body: Array(body.utf8), headers: [HTTPField.Name("X-Hub-Signature-256")!: "sha256=00"], policy: policy).status == 401)
            #expect(try await http.post(github, body: Array((body + " ").utf8), headers: [HTTPField.Name("X-Hub-Signature-256")!: signature], policy: policy).status == 401)
            let hostToken = try await http.post(github, body: Array(body.utf8), headers: [.authorization: "Bearer \(Self.token)"], policy: policy)
            #expect(hostToken.status == 401)
            #expect(hostToken.text == "sign the body with this webhook's secret in X-Hub-Signature-256")
            let gitlab = base + "gitlab"
            #expect(try await http.post(gitlab, body: Array("{}".utf8), headers: [HTTPField.Name("X-Gitlab-Token")!: "gitlab-token"], policy: policy).status == 202)
            #expect(try await http.post(gitlab, body: Array("{}".utf8), headers: [HTTPField.Name("X-Gitlab-Token")!: "wrong"], policy: policy).status == 401)
            // A path with no webhook asks for the host's token before it says so.
            let nowhere = base + "nothing-here"
            #expect(try await http.post(nowhere, body: [], policy: policy).status == 401)
            #expect(try await http.post(nowhere, body: [], headers: [.authorization: "Bearer \(Self.token)"], policy: policy).status == 404)
        }
    }

    @Test(arguments: [
        ("webhooks: {listen: 'nowhere'}", "webhooks.listen", "expected HOST:PORT"),
        ("webhooks: {listen: '127.0.0.1:8089'}", "webhooks", "give token_env or token_file"),
        ("webhooks: {listen: '127.0.0.1:8089', token_file: short.token}", "webhooks.token_file", "at least 16 characters"),
        ("webhooks: {listen: '0.0.0.0:8089', token_file: short.token}", "webhooks.listen",
         "0.0.0.0 is not a loopback address and there is no tls"),
        // Allowed in clear text, it goes on to the token.
        ("webhooks: {listen: '0.0.0.0:8089', insecure_plaintext: true, token_file: short.token}", "webhooks.token_file",
         "at least 16 characters"),
    ])
    func aBadWebhooksKeyIsNamed(yaml: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom], hostYAML: yaml)
            try "short\n".write(to: fixture.folder.appendingPathComponent("short.token"), atomically: true, encoding: .utf8)
            fixture.expectRefusal(key: key, reason: reason)
        }
    }

    @Test func aTimerTicksOnTheBotsClockAndStopsWithTheBot() async throws {
        let clock = try await withBotHarness(AlertBot.self) { harness in
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(by: .seconds(60))
            try await harness.expectReply("still watching")
            harness.clock.advance(by: .seconds(60))
            try await harness.expectReply("still watching")
            return harness.clock
        }
        // Stopped: the timer is gone, and advancing the clock wakes nothing.
        #expect(clock.sleeping == 0)
    }
}

/// HMAC-SHA256 as a service signs a webhook's body, worked out with openssl (on a thread of its own), apart from the
/// code under test.
enum HMACProbe {
    static func sha256Hex(_ text: String, key: String) async throws -> String {
        let output = try await runCommand("/usr/bin/openssl", ["dgst", "-sha256", "-hmac", key, "-r"], input: text)
        return output.split(separator: " ").first.map(String.init) ?? ""
    }
}
