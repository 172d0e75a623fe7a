import BotKit
import Bots
import CurlHTTP
import Foundation
import HTTPTypes
import PersistentChat
import Testing

/// bothost's queues are bounded (host.yaml `queues`): a bot that falls behind a flood is caught up from history and
/// loses nothing; webhook calls past their bound are refused with 503 and Retry-After.
@Suite struct BotQueueBoundTests {
    static var registry: BotRegistry {
        var registry = ShippedBots.registry
        registry.register(SlowBot.self)
        registry.register(HeldWebhookBot.self)
        return registry
    }

    @Test func aSlowBotFloodedPastItsBoundHandlesEveryMessageOnceInOrder() async throws {
        let probe = "flood-\(UUID().uuidString)"
        let bound = 4
        let flood = 40
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: [
                "team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: slow\n    probe: \(probe)\n    milliseconds: 40\n",
            ], hostYAML: "queues: {messages: \(bound)}")
            try await fixture.withHost(registry: Self.registry) { host in
                let (_, session) = try await server.join("alice", "team")
                // Queued without waiting for each acknowledgement: a burst, however busy the machine is.
                for index in 0..<flood { _ = try await session.queueChatMessage("m\(index)") }
                let expected = (0..<flood).map { "m\($0)" }
                #expect(await eventually(within: 30) { QueueProbes.shared.record(probe).handled.count >= flood })
                // Once more than the bound: nothing is handled twice afterwards.
                try await Task.sleep(for: .milliseconds(200))
                #expect(QueueProbes.shared.record(probe).handled == expected)
                let statistics = try #require(await host.statistics.first)
                #expect(statistics.mostQueued <= bound, "held \(statistics.mostQueued) messages at once; the bound is \(bound)")
                #expect(statistics.mostQueued >= 1)
                // The flood did go past the bound: live messages were passed over and came from history.
                #expect(statistics.passedOver > 0)
                #expect(statistics.handled == flood)
                #expect(await eventually { await host.statistics.first?.queued == 0 })
                // Caught up, the bot takes live messages again.
                try await session.sendChatMessage("after")
                #expect(await eventually { QueueProbes.shared.record(probe).handled.last == "after" })
                #expect(QueueProbes.shared.record(probe).handled == expected + ["after"])
            }
        }
    }

    @Test func aBotStoppedWhileBehindGoesOnFromTheLedgerAfterARestart() async throws {
        let probe = "restart-\(UUID().uuidString)"
        let flood = 30
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: [
                "team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: slow\n    probe: \(probe)\n    milliseconds: 30\n",
            ], hostYAML: "queues: {messages: 3}")
            let (_, session) = try await server.join("alice", "team")
            try await fixture.withHost(registry: Self.registry) { host in
                // Queued without waiting for each acknowledgement: a burst, however busy the machine is.
                for index in 0..<flood { _ = try await session.queueChatMessage("m\(index)") }
                #expect(await eventually(within: 30) { QueueProbes.shared.record(probe).handled.count >= 8 })
                #expect(await host.statistics.first?.passedOver ?? 0 > 0)
            }
            // Stopped while behind; the next host goes on from the ledger.
            try await fixture.withHost(registry: Self.registry) { _ in
                #expect(await eventually(within: 30) { QueueProbes.shared.record(probe).handled.count >= flood })
                try await Task.sleep(for: .milliseconds(200))
            }
            #expect(QueueProbes.shared.record(probe).handled == (0..<flood).map { "m\($0)" })
        }
    }

    @Test(arguments: [
        ("queues: {messages: 0}", "queues.messages", "must be between 1 and 100000, got 0"),
        ("queues: {webhooks: -1}", "queues.webhooks", "must be between 1 and 100000, got -1"),
        ("queues: {replies: many}", "queues.replies", ""),
        ("queues: {mesages: 3}", "queues.mesages", "unknown key"),
    ])
    func aBadQueueBoundIsNamed(yaml: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom], hostYAML: yaml)
            fixture.expectRefusal(key: key, reason: reason)
        }
    }

    @Test func aBotWithTooManyStuckCallsStartsNoMoreUntilOneEnds() async throws {
        let probe = UUID().uuidString
        try await withTestServer { server in
            var registry = Self.registry
            registry.register(HangBot.self)
            let fixture = try HostFixture(server: server, rooms: [
                "team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: hang\n    probe: \(probe)\n    stubborn: true\n    timeout: 200ms\n    breaker: {failures: 100}\n",
            ], hostYAML: "queues: {stuck_calls: 1}")
            try await fixture.withHost(registry: registry) { host in
                let (_, session) = try await server.join("alice", "team")
                try await session.sendChatMessage("!hang 1")
                try await session.sendChatMessage("!hang 2")
                #expect(await eventually { await host.statistics.first?.stillRunning == 1 })
                // The first call ignores its cancellation: the second is not started while it runs.
                try await Task.sleep(for: .milliseconds(800))
                #expect(BotProbes.shared.record(probe).started == 1)
                #expect(await eventually { await host.statistics.first?.queued == 1 })
                BotProbes.shared.update(probe) { $0.released = true }
                #expect(await eventually { BotProbes.shared.record(probe).started == 2 })
                #expect(await eventually { await host.statistics.first?.timedOut == 2 })
            }
        }
    }

    @Test func aWebhookCallPastItsBoundGets503WithRetryAfterAndNoHandlerSeesTheToken() async throws {
        let probe = "hooks-\(UUID().uuidString)"
        let token = "webhook-token-0123456789"
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: [
                "team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: held-webhook\n    id: hook\n    probe: \(probe)\n",
            ], hostYAML: "webhooks: {listen: '127.0.0.1:0', token_file: hook.token}\nqueues: {webhooks: 1}")
            try "\(token)\n".write(to: fixture.folder.appendingPathComponent("hook.token"), atomically: true, encoding: .utf8)
            try await fixture.withHostAndClient(registry: Self.registry) { host, http in
                let port = try #require(await host.webhookPort)
                var policy = HTTPClientPolicy()
                policy.allowedHosts = ["127.0.0.1"]
                let url = "http://127.0.0.1:\(port)/hooks/team/hook/held"
                let trace = try #require(HTTPField.Name("X-Trace"))
                var headers: HTTPFields = [.authorization: "Bearer \(token)"]
                headers[trace] = "trace-1"

                // The first call runs (held in its handler); of the next two, one waits and one is past the bound.
                let first = Task { try await http.post(url, body: Array("{}".utf8), headers: headers, policy: policy) }
                #expect(await eventually { QueueProbes.shared.record(probe).webhookCalls == 1 })
                let second = Task { try await http.post(url, body: Array("{}".utf8), headers: headers, policy: policy) }
                let third = Task { try await http.post(url, body: Array("{}".utf8), headers: headers, policy: policy) }
                #expect(await eventually { await host.statistics.first?.webhooksRefused == 1 })
                QueueProbes.shared.update(probe) { $0.released = true }
                let responses = [try await first.value, try await second.value, try await third.value]
                #expect(responses.map(\.status.code).sorted() == [200, 200, 503])
                let refused = try #require(responses.first { $0.status.code == 503 })
                #expect(refused.headers[.retryAfter] == "5")
                #expect(refused.text?.contains("too many webhook calls waiting") == true)

                // The handler saw the caller's fields, never the host's token.
                let seen = QueueProbes.shared.record(probe).webhookHeaders
                #expect(seen.count == 2)
                for fields in seen {
                    #expect(fields[.authorization] == nil)
                    #expect(fields[trace] == "trace-1")
                }
            }
        }
    }
}
