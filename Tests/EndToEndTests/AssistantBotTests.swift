import BotKit
import BotKitTesting
import Bots
import Foundation
import HTTPTypes
import PersistentChat
import Synchronization
import Testing

/// The `assistant` bot against a real HTTP server speaking the JSON of OpenAI's `/v1/chat/completions`: the question
/// with the room's recent messages, mentions, long answers as stories, every failure a short reply, and secret rooms.
@Suite(.serialized) struct AssistantBotTests {
    /// A chat completion as the API answers it.
    static func completion(_ content: String, finish: String = "stop") -> HTTPStub.Reply {
        let escaped = String(decoding: (try? JSONEncoder().encode(content)) ?? Data(), as: UTF8.self)
        return .json("""
            {"id":"chatcmpl-9x","object":"chat.completion","created":1767571200,"model":"test-model",
             "choices":[{"index":0,"message":{"role":"assistant","content":\(escaped),"refusal":null},"logprobs":null,
                         "finish_reason":"\(finish)"}],
             "usage":{"prompt_tokens":52,"completion_tokens":9,"total_tokens":61}}
            """)
    }

    /// What the service was sent.
    struct Sent: Decodable, Equatable {
        struct Message: Decodable, Equatable { var role: String; var content: String }
        var model: String
        var messages: [Message]
        var max_tokens: Int
        var temperature: Double?
    }

    static func sent(_ request: HTTPStub.Request) throws -> Sent {
        try JSONDecoder().decode(Sent.self, from: Data(request.body.utf8))
    }

    static func options(_ stub: HTTPStub, _ extra: String = "") -> String {
        "url: \(stub.url("/v1/chat/completions"))\nmodel: test-model\nallow_hosts: [127.0.0.1]\n\(extra)"
    }

    @Test func aQuestionGoesWithTheRoomsLastMessagesWithinTheBudgetAndAMentionAsksToo() async throws {
        let key = FileManager.default.temporaryDirectory.appendingPathComponent("assistant-key-\(UUID().uuidString)")
        try "sk-test-0123456789\n".write(to: key, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: key.path)
        defer { try? FileManager.default.removeItem(at: key) }
        let answers = Mutex(["The runner ran out of disk.", "Clean its cache and run step 3 again."])
        try await withHTTPStub(answering: { _ in Self.completion(answers.withLock { $0.removeFirst() }) }) { stub in
            let extra = "api_key_file: \(key.path)\ncontext_messages: 3\ncontext_characters: 60\nmax_tokens: 200\ntemperature: 0.2"
            try await withBotHarness(AssistantBot.self, options: Self.options(stub, extra)) { harness in
                try await harness.send("an old message that the budget leaves out")
                try await harness.send("deploy failed at step 3", as: "other")
                try await harness.send("I restarted the runner")
                try await harness.send("!ask why did it fail?")
                try await harness.expectReply("The runner ran out of disk.", within: 20)
                let first = try #require(stub.requests.first)
                #expect(first.method == .post)
                #expect(first.path == "/v1/chat/completions")
                #expect(first.headers[.authorization] == "Bearer sk-test-0123456789")
                let sent = try Self.sent(first)
                #expect(sent.model == "test-model")
                #expect(sent.max_tokens == 200)
                #expect(sent.temperature == 0.2)
                #expect(sent.messages.first?.role == "system")
                #expect(sent.messages.first?.content.contains("\u{201C}bots\u{201D}") == true)
                #expect(Array(sent.messages.dropFirst()) == [
                    .init(role: "user", content: "other: deploy failed at step 3"),
                    .init(role: "user", content: "tester: I restarted the runner"),
                    .init(role: "user", content: "tester: why did it fail?"),
                ])
                // A mention is a question too; the bot's own answer goes back as the assistant's.
                try await harness.send("@bot and now?")
                try await harness.expectReply("Clean its cache and run step 3 again.", within: 20)
                try await harness.expectNoReply(within: 0.3)
                let second = try Self.sent(try #require(stub.requests.last))
                #expect(Array(second.messages.suffix(3)) == [
                    .init(role: "user", content: "tester: !ask why did it fail?"),
                    .init(role: "assistant", content: "The runner ran out of disk."),
                    .init(role: "user", content: "tester: and now?"),
                ])
                // The room's own commands keep their mentions; "help me …" is a question.
                try await harness.send("@bot help")
                let help = try await harness.nextReply(within: 20)
                #expect(help.messageContent.contains("@bot <anything else>: goes to !ask."))
                try await harness.expectNoReply(within: 0.3)
                #expect(stub.requests.count == 2)
                answers.withLock { $0 = ["Try the runbook."] }
                try await harness.send("@bot help me restart the runner")
                try await harness.expectReply("Try the runbook.", within: 20)
                try await harness.expectNoReply(within: 0.3)
                #expect(try Self.sent(try #require(stub.requests.last)).messages.last?.content == "tester: help me restart the runner")
            }
        }
    }

    @Test func aMentionOfAnotherBotsCommandStaysThatCommand() async throws {
        try await withHTTPStub(answering: { _ in Self.completion("from the model") }) { stub in
            try await withTestServer { server in
                let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": """
                    room: help-desk
                    endpoint: sip:echobot@contoso.com
                    bots:
                      - type: echo
                      - type: assistant
                        url: \(stub.url("/v1/chat/completions"))
                        model: m
                        allow_hosts: [127.0.0.1]
                    """])
                try await fixture.withHostAndClient { _, _ in
                    let (_, session) = try await server.join("alice", "help-desk")
                    let messages = session.messages
                    try await session.sendChatMessage("@echobot echo hello there")
                    let echoed = await first(messages, within: 5) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
                    #expect(echoed?.messageContent == "hello there")
                    try await session.sendChatMessage("@echobot what is up?")
                    let answered = await first(messages, within: 5) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
                    #expect(answered?.messageContent == "from the model")
                    #expect(stub.requests.count == 1)
                    #expect(try Self.sent(try #require(stub.requests.first)).messages.last?.content == "alice: what is up?")
                }
            }
        }
    }

    @Test func aLongAnswerIsPostedAsAStoryAndACutOffOneSaysSo() async throws {
        let long = String(repeating: "Restart the runner, then check the disk. ", count: 20).trimmingCharacters(in: .whitespaces)
        try await withHTTPStub(answering: { _ in Self.completion(long, finish: "length") }) { stub in
            try await withBotHarness(AssistantBot.self, options: Self.options(stub, "context_messages: 0")) { harness in
                try await harness.send("!ask what should I do about the runner that keeps failing every night?")
                let reply = try await harness.nextReply(within: 20)
                #expect(reply.storyTitle == "Answer to tester: what should I do about the runner that keeps failing every…")
                #expect(reply.messageContent == long + " …(cut off)")
                #expect(try Self.sent(try #require(stub.requests.first)).messages.count == 2)
            }
        }
    }

    @Test func everyFailureIsAShortReply() async throws {
        let calls = Mutex(0)
        try await withHTTPStub(answeringAsync: { _ in
            let call = calls.withLock { $0 += 1; return $0 }
            switch call {
            case 1:
                return HTTPStub.Reply(status: .tooManyRequests, headers: [.contentType: "application/json", .retryAfter: "20"],
                                      body: #"{"error":{"message":"Rate limit reached for test-model","type":"requests","code":"rate_limit_exceeded"}}"#)
            case 2: return .json(#"{"error":{"message":"The server had an error","type":"server_error"}}"#, status: .serviceUnavailable)
            case 3: return .text("<html>gateway</html>")
            case 4: return .json(#"{"id":"x","object":"chat.completion","choices":[]}"#)
            case 5: return .json(#"{"error":{"message":"Incorrect API key provided"}}"#, status: .unauthorized)
            default:
                try? await Task.sleep(for: .seconds(3))
                return Self.completion("too late")
            }
        }) { stub in
            try await withBotHarness(AssistantBot.self, options: Self.options(stub, "timeout_seconds: 1\ncontext_messages: 0")) { harness in
                for expected in [
                    "The assistant's service is busy (HTTP 429); try again in 20 s.",
                    "The assistant's service failed (HTTP 503); try again later.",
                    "The assistant's service sent an answer that could not be read.",
                    "The assistant's service sent an answer that could not be read.",
                    "The assistant's service refused the bot's key (HTTP 401); tell whoever runs the bot.",
                    "The assistant did not answer within 1 s; try again later.",
                ] {
                    try await harness.send("!ask is it up?")
                    try await harness.expectReply(expected, within: 20)
                }
            }
        }
    }

    @Test func aSecretRoomIsOffUnlessItsRoomFileAllowsIt() async throws {
        try await withHTTPStub(answering: { _ in Self.completion("Yes.") }) { stub in
            try await withBotHarness(AssistantBot.self, options: Self.options(stub), privacy: .secret) { harness in
                try await harness.send("!ask may I?")
                try await harness.expectReply("The assistant is off in this room: it is secret, and its room file does not allow sending its messages to the assistant's service (allow_in_secret_rooms).", within: 20)
                #expect(stub.requests.isEmpty)
            }
            try await withBotHarness(AssistantBot.self, options: Self.options(stub, "allow_in_secret_rooms: true"), privacy: .secret) { harness in
                try await harness.send("!ask may I?")
                try await harness.expectReply("Yes.", within: 20)
            }
        }
    }

    @Test(arguments: [
        ("url: ftp://x/v1\nmodel: m", "url: must be an http:// or https:// URL, got 'ftp://x/v1'"),
        ("url: http://x/v1\nmodel: ' '", "model: must name a model"),
        ("url: http://x/v1\nmodel: m\ntemperature: 3", "temperature: must be between 0 and 2, got 3.0"),
        ("url: http://x/v1\nmodel: m\nstory_after: 50", "story_after: must be between 100 and 2000, got 50"),
        ("url: http://x/v1\nmodel: m\napi_key: sk-inline", "a secret is never written inline"),
        ("url: http://x/v1", "model"),
        ("url: http://x/v1\nmodel: m\ntimeout_seconds: 40", "timeout_seconds: must be at least 1 and less than the bot's timeout (30 s"),
        ("url: 'http://x/v1?key=sk-in-the-url'\nmodel: m\ntimeout_seconds: 0", "timeout_seconds: must be at least 1"),
    ])
    func badOptionsAreRefusedWithTheirKey(options: String, reason: String) async throws {
        let error = await #expect(throws: (any Error).self) { try await withBotHarness(AssistantBot.self, options: options) { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains(reason), "\(String(describing: error))")
    }
}
