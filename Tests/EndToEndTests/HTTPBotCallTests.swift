import BotKit
import BotKitTesting
@testable import Bots
import Foundation
import HTTPTypes
import Synchronization
import Testing

/// The `http` bot's calls: methods, header fields and a JSON body from templates with a secret, retries of idempotent
/// calls, and the cap on calls at once per host, against a real HTTP server on loopback.
@Suite(.serialized) struct HTTPBotCallTests {
    static func secretFile(_ secret: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("api-\(UUID().uuidString).key")
        try "\(secret)\n".write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func aPostCarriesHeadersAndAJSONBodyWithTheSecret() async throws {
        let key = try Self.secretFile("s3cret-token")
        defer { try? FileManager.default.removeItem(at: key) }
        let stub = try await HTTPStub.start { _ in .json(#"{"ticket": {"id": "T-42"}}"#, status: .created) }
        defer { Task { await stub.stop() } }
        let options = """
            command: ticket
            method: POST
            url: "\(stub.url("/api/tickets"))"
            allow_hosts: ["127.0.0.1"]
            api_key_file: \(key.path)
            headers: {Authorization: "Bearer {api_key}", X-Room: "{room}"}
            body: {title: "{name}", reporter: "{sender}", priority: 2, labels: [chat, "{room}"], urgent: false}
            json_field: ticket.id
            """
        try await withBotHarness(HTTPBot.self, options: options) { harness in
            // An argument that names a placeholder stays text: the secret never reaches the body through it.
            try await harness.send("!ticket {api_key} {sender}")
            try await harness.expectReply("{api_key} {sender}: T-42")
            #expect(stub.requests.last?.body.contains("s3cret-token") == false, "\(stub.requests.last?.body ?? "")")
            try await harness.send(#"!ticket printer "on" fire"#)
            try await harness.expectReply(#"printer "on" fire: T-42"#)
            let request = try #require(stub.requests.last)
            #expect(request.method == .post)
            #expect(request.path == "/api/tickets")
            #expect(request.headers[.authorization] == "Bearer s3cret-token")
            #expect(request.headers[HTTPField.Name("X-Room")!] == "bots")
            #expect(request.headers[.contentType] == "application/json")
            let body = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
            #expect(body?["title"] as? String == #"printer "on" fire"#)
            #expect(body?["reporter"] as? String == "sip:tester@harness.example")
            #expect(body?["priority"] as? Int == 2)
            #expect(body?["labels"] as? [String] == ["chat", "bots"])
            #expect(body?["urgent"] as? Bool == false)
        }
    }

    @Test func placeholdersAreFilledInOnePass() {
        let values = ["{name}": "{api_key}", "{api_key}": "secret", "{room}": "ops"]
        #expect(Placeholders.fill("title {name} in {room}", with: values) == "title {api_key} in ops")
        #expect(Placeholders.fill("{unknown} {room} {", with: values) == "{unknown} ops {")
        #expect(Placeholders.fill("Bearer {api_key}", with: values) == "Bearer secret")
    }

    @Test func anIdempotentCallIsTriedAgainAfterATransientAnswer() async throws {
        let answered = Atomic<Int>(0)
        let stub = try await HTTPStub.start { _ in
            answered.add(1, ordering: .relaxed).newValue < 3 ? .text("busy", status: .serviceUnavailable) : .text("stored")
        }
        defer { Task { await stub.stop() } }
        let options = """
            command: store
            method: PUT
            url: "\(stub.url("/kv/{name}"))"
            allow_hosts: ["127.0.0.1"]
            body: {value: "{name}"}
            retries: 2
            retry_delay_ms: 10
            """
        try await withBotHarness(HTTPBot.self, options: options) { harness in
            try await harness.send("!store alpha")
            try await harness.expectReply("alpha: stored")
            #expect(stub.requests.count == 3)
            #expect(stub.requests.allSatisfy { $0.method == .put && $0.path == "/kv/alpha" })
            // Out of tries: the last answer is reported.
            answered.store(-10, ordering: .relaxed)
            try await harness.send("!store beta")
            try await harness.expectReply("beta: HTTP 503")
            #expect(stub.requests.count == 6)
        }
    }

    @Test func aPostIsNeverTriedAgainAndRetriesOnAPostAreRefused() async throws {
        let stub = try await HTTPStub.start { _ in .text("busy", status: .serviceUnavailable) }
        defer { Task { await stub.stop() } }
        try await withBotHarness(HTTPBot.self, options: "command: send\nmethod: POST\nurl: \"\(stub.url("/send"))\"\nallow_hosts: [\"127.0.0.1\"]") { harness in
            try await harness.send("!send")
            try await harness.expectReply("send: HTTP 503")
            #expect(stub.requests.count == 1)
        }
        let refused = await #expect(throws: (any Error).self) {
            try await withBotHarness(HTTPBot.self, options: "command: send\nmethod: POST\nurl: \"\(stub.url("/send"))\"\nretries: 2") { _ in }
        }
        #expect("\(refused.map { "\($0)" } ?? "")".contains("retries: a POST is not idempotent"), "\(String(describing: refused))")
        let secretInURL = await #expect(throws: (any Error).self) {
            try await withBotHarness(HTTPBot.self, options: "command: x\nurl: \"\(stub.url("/q?key={api_key}"))\"\napi_key_env: HOME") { _ in }
        }
        #expect("\(secretInURL.map { "\($0)" } ?? "")".contains("{api_key} may appear in headers and body only"))
    }

    @Test func aBodyIsNeverRedirectedToAnotherOrigin() async throws {
        let key = try Self.secretFile("s3cret-token")
        defer { try? FileManager.default.removeItem(at: key) }
        let port = Mutex(0)
        let stub = try await HTTPStub.start { request in
            guard request.path == "/api" else { return .text("took it") }
            // Another origin (localhost, not 127.0.0.1): a 307 keeps method and body.
            return HTTPStub.Reply(status: .temporaryRedirect,
                                  headers: [.location: "http://localhost:\(port.withLock { $0 })/collect"])
        }
        port.withLock { $0 = stub.port }
        defer { Task { await stub.stop() } }
        let options = """
            command: send
            method: POST
            url: "\(stub.url("/api"))"
            allow_hosts: ["127.0.0.1", "localhost"]
            api_key_file: \(key.path)
            body: {key: "{api_key}"}
            """
        try await withBotHarness(HTTPBot.self, options: options) { harness in
            try await harness.send("!send")
            try await harness.expectReply("send: call failed: the service redirected the call's body to another address")
            #expect(stub.requests.map(\.path) == ["/api"])
        }
    }

    @Test func callsToOneHostAreCappedAtOnce() async throws {
        let state = Mutex((active: 0, most: 0))
        let stub = try await HTTPStub.start(answeringAsync: { _ in
            state.withLock { $0.active += 1; $0.most = max($0.most, $0.active) }
            try? await Task.sleep(for: .milliseconds(300))
            state.withLock { $0.active -= 1 }
            return .text("done")
        })
        defer { Task { await stub.stop() } }
        let options = """
            command: slow
            url: "\(stub.url("/slow/{name}"))"
            allow_hosts: ["127.0.0.1"]
            max_concurrent: 2
            concurrency: 6
            """
        try await withBotHarness(HTTPBot.self, options: options) { harness in
            for index in 1...6 { try await harness.send("!slow \(index)") }
            // Replies may be stored before the last command is: count the calls the bot completed instead.
            let deadline = ContinuousClock.now + .seconds(20)
            while await harness.statistics.first?.handled ?? 0 < 6, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(await harness.statistics.first?.handled == 6)
            #expect(Set(stub.requests.map(\.path)) == Set((1...6).map { "/slow/\($0)" }))
            #expect(state.withLock { $0.most } == 2)
        }
    }
}

/// A bothost process never shows a bot's secret: not in `validate`, `--dry-run` or its log, even at debug level
/// while the call it sends fails.
@Suite struct SecretNeverShownTests {
    /// A room whose `http` bot answers `!ticket NAME` with a PUT to `stub`, sending the secret of `TRACKER_TOKEN`.
    static func ticketRoom(_ stub: HTTPStub) -> String {
        """
        room: team
        endpoint: \(BotHTTPSafetyTests.bot)
        bots:
          - type: http
            command: ticket
            method: PUT
            url: "\(stub.url("/tickets/{name}"))"
            allow_hosts: ["127.0.0.1"]
            api_key_env: TRACKER_TOKEN
            headers: {Authorization: "Bearer {api_key}"}
        """
    }

    @Test func validateDryRunAndTheLogNeverShowTheSecret() async throws {
        let secret = "tok-very-secret-4711"
        let stub = try await HTTPStub.start { _ in .text("broken", status: .internalServerError) }
        defer { Task { await stub.stop() } }
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["team.yaml": Self.ticketRoom(stub) + "\n    body: {key: \"{api_key}\"}"])
            let environment = ["TRACKER_TOKEN": secret]
            try await withBothost("validate", config: fixture.hostFile, environment: environment) { validate in
                #expect(await validate.exitStatus() == 0, "\(validate.stderr)")
                #expect(!(validate.stdout + validate.stderr).contains(secret))
            }
            try await withBothost(config: fixture.hostFile, ["--dry-run"], environment: environment) { dryRun in
                #expect(await dryRun.exitStatus() == 0, "\(dryRun.stderr)")
                #expect(dryRun.stdout.contains("http#0"), "\(dryRun.stdout)")
                #expect(!(dryRun.stdout + dryRun.stderr).contains(secret))
            }
            try await withBothost("validate", config: fixture.hostFile) { unset in
                #expect(await unset.exitStatus() != 0)
                #expect(unset.stderr.contains("api_key_env"), "\(unset.stderr)")
                #expect(unset.stderr.contains("environment variable TRACKER_TOKEN is not set"), "\(unset.stderr)")
            }
            try await withBothost(config: fixture.hostFile, ["--log-level", "debug"], environment: environment) { host in
                #expect(await host.waitFor(.stdout, containing: "bothost is running"), "bothost did not start: \(host.stderr)")
                let (_, session) = try await server.join("alice", "team")
                let messages = session.messages
                try await session.sendChatMessage("!ticket printer")
                let answer = await first(messages) { $0.messageAuthor.value == BotHTTPSafetyTests.bot }
                #expect(answer?.messageContent == "printer: HTTP 500")
                #expect(stub.requests.last?.headers[.authorization] == "Bearer \(secret)")
                host.interrupt()
                _ = await host.exitStatus()
                #expect(!(host.stdout + host.stderr).contains(secret))
                #expect(host.stderr.contains("/tickets/printer") || host.stdout.contains("/tickets/printer"), "the debug log shows the call")
            }
        }
    }
}
