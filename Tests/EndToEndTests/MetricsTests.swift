import BotKit
import BotKitTesting
import CurlHTTP
import Foundation
import HTTPTypes
import PersistentChat
import PersistentChatServer
import Testing

/// `/metrics` on pchatd's and bothost's operations listeners: each scrape is read by Prometheus's own parser, the values
/// move as the test acts, and the Grafana dashboard names only metrics the daemons serve.
@Suite(.serialized) struct MetricsTests {
    @Test func pchatdCountsSignInsPostsDeliveriesRequestsAndFilesAndReportsWhatItHolds() async throws {
        try await withTestServer(operations: true, slapd: nil) { server in
            let port = try #require(server.running.operationsPort)
            let start = try await PrometheusScrape.scrape(port: port)
            #expect(start.types["pchat_commit_duration_seconds"] == "histogram")
            #expect(start.types["pchat_connections"] == "gauge")
            #expect(start.value("pchat_rooms") == Double(TestServer.rooms.count))
            #expect(start.value("pchat_posts_accepted_total") == 0)

            _ = await chatError { _ = try await server.connect("alice", password: "wrong-password") }
            let (_, alice) = try await server.join("alice", "help-desk")
            let (_, bob) = try await server.join("bob", "help-desk")
            for text in ["one", "two", "three"] { try await alice.sendChatMessage(text) }
            let tooLarge = String(repeating: "x", count: ServerLimits().messageSize + 1)
            _ = await chatError { try await alice.sendChatMessage(tooLarge) }
            _ = try await bob.getRecentChatHistory(5)
            _ = try await bob.queryChatHistory(ChatHistoryQueryOptions())

            let after = try await PrometheusScrape.scrape(port: port)
            #expect(after.value("pchat_sign_ins_total", ["outcome": "refused"]) == 1)
            #expect(after.value("pchat_sign_ins_total", ["outcome": "accepted"]) == 2)
            #expect(after.value("pchat_posts_accepted_total") == 3)
            let refused = after.samples.filter { $0.name == "pchat_posts_refused_total" }
            #expect(refused.map(\.value) == [1], "\(refused)")
            #expect(refused.first?.labels["reason"]?.isEmpty == false)
            #expect(after.value("pchat_commit_batch_size_sum") == 3)
            #expect(after.value("pchat_commit_duration_seconds_count") >= 1)
            #expect(after.value("pchat_commit_duration_seconds_count") == after.value("pchat_commit_batch_size_count"))
            // Each post reached both sessions.
            #expect(after.value("pchat_deliveries_total") == 6)
            #expect(after.value("pchat_join_duration_seconds_count") == 2)
            #expect(after.value("pchat_history_duration_seconds_count") >= 1)
            #expect(after.value("pchat_search_duration_seconds_count") == 1)
            #expect(after.value("pchat_endpoints_established") == 2)
            #expect(after.value("pchat_users_signed_in") == 2)
            #expect(after.value("pchat_joined_sessions") == 2)
            #expect(after.value("pchat_connections", ["state": "established"]) == 2)
            #expect(after.value("pchat_database_bytes") > 0)
            #expect(after.has("pchat_wal_bytes"))

            // Files: the bytes in and out are the file's size.
            let management = try await server.connect("alice").persistentChatServices.chatRoomManagementServices
            let help = try #require(try await management.findCategoriesWithCreateRights().first { $0.name == "Help" })
            var settings = ChatRoomSettings(name: "metrics-files", parentCategoryUri: help.uri)
            settings.members = ["sip:bob@contoso.com"]
            let room = try await management.createChatRoom(settings)
            let uploader = ChatRoomSession(endpoint: try await server.connect("alice"))
            try await uploader.join(uri: room)
            let (_, reader) = try await server.join("bob", "metrics-files")
            let file = server.folder.appendingPathComponent("metrics.bin")
            try Data(repeating: 7, count: 40_000).write(to: file)
            let uploaded = try await uploader.uploadFile(ChatRoomFileUploadJob(fileToUpload: file))
            let message = try #require(await first(reader.messages) { $0.messageId == uploaded.messageId })
            let link = try #require(message.fileDownloadLinks.first)
            try await reader.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: server.folder.appendingPathComponent("back.bin")))
            let files = try await PrometheusScrape.scrape(port: port)
            #expect(files.value("pchat_file_bytes_in_total") == 40_000)
            #expect(files.value("pchat_file_bytes_out_total") == 40_000)
            #expect(files.value("pchat_rooms") == Double(TestServer.rooms.count + 1))
            // The chat port also answers /health and /ready; the operations listener does too.
            #expect(try await ReadinessTests.get("http://127.0.0.1:\(port)/ready").status == 200)
        }
    }

    /// A room with the echo bot, an `http` bot whose `!ticket` calls `stub`, and the alerts bot behind a webhook.
    static func room(_ stub: HTTPStub) -> String {
        """
        room: help-desk
        endpoint: sip:echobot@contoso.com
        bots:
          - type: echo
          - type: http
            command: ticket
            method: PUT
            url: "\(stub.url("/tickets/{name}"))"
            allow_hosts: ["127.0.0.1"]
          - type: alerts
            id: monitor
        """
    }

    @Test func bothostCountsEachBotsWorkAndTheDashboardNamesOnlyServedMetrics() async throws {
        let stub = try await HTTPStub.start { _ in .text("created", status: .created) }
        defer { Task { await stub.stop() } }
        try await withTestFolder { folder in
            try await withTestServer(folder: folder, operations: true, slapd: nil) { server in
                let fixture = try HostFixture(
                    server: server, rooms: ["help-desk.yaml": Self.room(stub)],
                    hostYAML: ExactlyOnceTests.fastReconnect
                        + "\nmetrics: {listen: '127.0.0.1:0'}\nwebhooks: {listen: '127.0.0.1:0', token_file: hook.token}")
                try "\(WebhookAndTimerTests.token)\n".write(to: fixture.folder.appendingPathComponent("hook.token"), atomically: true,
                                                              encoding: .utf8)
                try await fixture.withHostAndClient(registry: WebhookAndTimerTests.registry) { host, http in
                    let port = try #require(await host.operationsPort)
                    let start = try await PrometheusScrape.scrape(port: port)
                    let echo = ["room": "help-desk", "bot": "echo#0"]
                    #expect(start.value("pchat_bot_messages_total", echo) == 0, "\(start.samples.map(\.labels))")
                    #expect(start.value("pchat_bot_reconnects_total", ["endpoint": "sip:echobot@contoso.com"]) == 0)

                    let (_, alice) = try await server.join("alice", "help-desk")
                    let messages = alice.messages
                    try await alice.sendChatMessage("!echo hello")
                    _ = await first(messages) { $0.messageContent == "hello" }
                    try await alice.sendChatMessage("!ticket printer")
                    _ = await first(messages) { $0.messageContent.hasPrefix("printer") }
                    let webhooks = try #require(await host.webhookPort)
                    let called = try await http.post("http://127.0.0.1:\(webhooks)/hooks/help-desk/monitor/alertmanager",
                                                     body: Array(#"{"service":"api","state":"up"}"#.utf8),
                                                     headers: [.authorization: "Bearer \(WebhookAndTimerTests.token)"],
                                                     policy: WebhookAndTimerTests.policy)
                    #expect(called.status == 202)
                    let tooLarge = String(repeating: "x", count: ServerLimits().messageSize + 1)
                    _ = await chatError { try await alice.sendChatMessage(tooLarge) }

                    // Replies are counted once the server has answered them.
                    #expect(await eventually {
                        (try? await PrometheusScrape.scrape(port: port))?.value("pchat_bot_replies_total", echo.merging(["outcome": "sent"]) { $1 }) == 1
                    })
                    let after = try await PrometheusScrape.scrape(port: port)
                    #expect(after.value("pchat_bot_messages_total", echo.merging(["outcome": "handled"]) { $1 }) >= 2)
                    #expect(after.value("pchat_bot_messages_total", echo.merging(["outcome": "failed"]) { $1 }) == 0)
                    #expect(after.value("pchat_bot_handler_duration_seconds_count", echo) >= 2)
                    #expect(after.value("pchat_bot_http_requests_total", ["bot": "http#1", "status": "201"]) == 1,
                            "\(after.samples.filter { $0.name.hasPrefix("pchat_bot_http") })")
                    #expect(after.value("pchat_bot_http_duration_seconds_count", ["bot": "http#1"]) == 1)
                    #expect(after.value("pchat_bot_webhook_calls_total", ["bot": "monitor", "status": "202"]) == 1,
                            "\(after.samples.filter { $0.name.hasPrefix("pchat_bot_webhook") })")
                    #expect(after.value("pchat_bot_queue_depth", echo) == 0)
                    #expect(after.value("pchat_bot_breaker_open", echo) == 0)
                    #expect(after.has("pchat_bot_lag_seconds", echo))

                    // The dashboard's every metric is on one of the two pages.
                    let served = after.names.union(try await PrometheusScrape.scrape(port: try #require(server.running.operationsPort)).names)
                    let named = try Self.dashboardMetrics()
                    #expect(named.count >= 25)
                    #expect(named.subtracting(served).isEmpty, "not served: \(named.subtracting(served).sorted())")

                    // A lost connection is counted when the host reconnects.
                    await server.stop()
                    #expect(await eventually { await host.connectedEndpoints.isEmpty })
                    try await withTestServer(folder: folder, port: server.port) { _ in
                        #expect(await eventually { await host.joinedRooms == ["help-desk"] })
                        let reconnected = try await PrometheusScrape.scrape(port: port)
                        #expect(reconnected.value("pchat_bot_reconnects_total", ["endpoint": "sip:echobot@contoso.com"]) == 1)
                    }
                }
            }
        }
    }

    /// Every metric name in deploy/grafana/pchat.json's queries.
    static func dashboardMetrics() throws -> Set<String> {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("deploy/grafana/pchat.json")
        let dashboard = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let panels = try #require(dashboard["panels"] as? [[String: Any]])
        let expressions = panels.flatMap { ($0["targets"] as? [[String: Any]] ?? []).compactMap { $0["expr"] as? String } }
        let name = /pchat_[a-z0-9_]+/
        return Set(expressions.flatMap { $0.matches(of: name).map { String($0.output) } })
    }
}
