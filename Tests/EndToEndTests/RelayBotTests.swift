import BotKit
import Bots
import CurlHTTP
import Foundation
import HTTPTypes
import PersistentChat
import Testing
import YAMLConfig

/// The `relay` bot: webhooks of Alertmanager, GitHub, GitLab and any JSON, each with its service's own
/// authentication, posted into the room, over the host's real webhook listener.
@Suite(.serialized) struct RelayBotTests {
    static let bot = "sip:echobot@contoso.com"

    /// A host with the relay bot of `hooks` (YAML, indented for a room file) in `help-desk`, the secret files it
    /// names, and a client; `body` gets the hooks' base URL, the client and alice's session messages.
    static func withRelay(_ hooks: String, secrets: [String: String] = [:],
                          _ body: (String, CurlHTTPClient, ChatRoomSession) async throws -> Void) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": """
                room: help-desk
                endpoint: \(bot)
                bots:
                  - type: relay
                    id: relay
                \(hooks)
                """], hostYAML: "webhooks: {listen: '127.0.0.1:0', token_file: hook.token}")
            try "host-token-0123456789abcdef\n".write(to: fixture.folder.appendingPathComponent("hook.token"), atomically: true, encoding: .utf8)
            for (name, value) in secrets {
                try "\(value)\n".write(to: fixture.folder.appendingPathComponent("rooms/\(name)"), atomically: true, encoding: .utf8)
            }
            try await fixture.withHostAndClient { host, http in
                let port = try #require(await host.webhookPort)
                let (_, session) = try await server.join("alice", "help-desk")
                try await body("http://127.0.0.1:\(port)/hooks/help-desk/relay/", http, session)
            }
        }
    }

    static var policy: HTTPClientPolicy {
        var policy = HTTPClientPolicy()
        policy.allowedHosts = ["127.0.0.1"]
        return policy
    }

    static func field(_ name: String) -> HTTPField.Name {
        guard let field = HTTPField.Name(name) else { preconditionFailure(name) }
        return field
    }

    static func nextPost(_ session: ChatRoomSession) async -> ChatMessage? {
        await first(session.messages, within: 5) { $0.messageAuthor.value == bot }
    }

    @Test func gitHubCallsAreSignedPostedOnceAndFilteredByEvent() async throws {
        let hooks = "    hooks:\n      - {path: github, preset: github, secret_file: github.secret}"
        try await Self.withRelay(hooks, secrets: ["github.secret": "gh-webhook-secret"]) { base, http, session in
            let url = base + "github"
            func send(_ event: String, _ body: String, delivery: String = UUID().uuidString, signature: String? = nil) async throws -> CurlHTTPResponse {
                var signed = signature ?? ""
                if signature == nil { signed = try await "sha256=" + HMACProbe.sha256Hex(body, key: "gh-webhook-secret") }
                return try await http.post(url, body: Array(body.utf8), headers: [
                    Self.field("X-GitHub-Event"): event, Self.field("X-GitHub-Delivery"): delivery,
                    Self.field("X-Hub-Signature-256"): signed, .contentType: "application/json",
                ], policy: Self.policy)
            }
            let ping = try await send("ping", #"{"zen":"Keep it logically awesome.","hook_id":1}"#)
            #expect(ping.status == 200 && ping.text == "pong")
            let push = #"{"ref":"refs/heads/main","repository":{"full_name":"contoso/api"},"pusher":{"name":"alice"},"sender":{"login":"alice"},"commits":[{"id":"a1","message":"Fix login\n\nlong text"},{"id":"b2","message":"Add tests"}]}"#
            let first = try await send("push", push, delivery: "d-1")
            #expect(first.status == 200)
            #expect(await Self.nextPost(session)?.messageContent == "alice pushed 2 commits to contoso/api main: Fix login, Add tests")
            // GitHub sends the same delivery again: answered, not posted twice.
            let again = try await send("push", push, delivery: "d-1")
            #expect(again.status == 200 && again.text == "already posted")
            let run = #"{"action":"completed","workflow_run":{"name":"CI","conclusion":"failure","head_branch":"main","html_url":"https://github.example/contoso/api/actions/runs/9"},"repository":{"full_name":"contoso/api"},"sender":{"login":"alice"}}"#
            #expect(try await send("workflow_run", run).status == 200)
            let failed = await Self.nextPost(session)
            #expect(failed?.messageContent == "CI failed: CI on main in contoso/api https://github.example/contoso/api/actions/runs/9")
            #expect(failed?.isAlert == true)
            let pr = #"{"action":"closed","number":12,"pull_request":{"number":12,"title":"Faster search","html_url":"https://github.example/contoso/api/pull/12","merged":true},"repository":{"full_name":"contoso/api"},"sender":{"login":"bob"}}"#
            #expect(try await send("pull_request", pr).status == 200)
            #expect(await Self.nextPost(session)?.messageContent == "bob merged pull request #12 in contoso/api: Faster search https://github.example/contoso/api/pull/12")
            // Not relayed, wrong signature, not JSON.
            let star = try await send("star", #"{"action":"created"}"#)
            #expect(star.status == 202 && star.text == "ignored: star")
            #expect(try await send("push", push, signature: "sha256=" + String(repeating: "0", count: 64)).status == 401)
            let broken = try await send("push", "{not json")
            #expect(broken.status == 400)
            #expect(broken.text?.hasPrefix("the body is not JSON") == true)
        }
    }

    @Test func alertmanagerGroupsArePostedAsOneMessageEach() async throws {
        let hooks = "    max_listed: 3\n    hooks:\n      - {path: alerts, preset: alertmanager, token_file: am.token}"
        try await Self.withRelay(hooks, secrets: ["am.token": "am-token-0123456789"]) { base, http, session in
            let url = base + "alerts"
            let auth: HTTPFields = [.authorization: "Bearer am-token-0123456789", .contentType: "application/json"]
            func alerts(_ status: String, _ instances: [String]) -> String {
                let items = instances.map { #"{"status":"\#(status)","labels":{"alertname":"HighLatency","instance":"\#($0)","severity":"critical"},"annotations":{"summary":"p99 over 2 s"}}"# }
                return #"{"version":"4","status":"\#(status)","receiver":"chat","groupLabels":{"alertname":"HighLatency"},"commonLabels":{"alertname":"HighLatency","severity":"critical"},"commonAnnotations":{"summary":"p99 over 2 s"},"alerts":[\#(items.joined(separator: ","))]}"#
            }
            let answer1 = try await http.post(url, body: Array(alerts("firing", (1...8).map { "api-\($0)" }).utf8), headers: auth, policy: Self.policy)
            #expect(answer1.status == 200)
            let firing = await Self.nextPost(session)
            #expect(firing?.messageContent == "[FIRING:8] HighLatency (critical): p99 over 2 s — api-1, api-2, api-3 and 5 more")
            #expect(firing?.isAlert == true)
            let answer2 = try await http.post(url, body: Array(alerts("resolved", ["api-1"]).utf8), headers: auth, policy: Self.policy)
            #expect(answer2.status == 200)
            let resolved = await Self.nextPost(session)
            #expect(resolved?.messageContent == "[RESOLVED:1] HighLatency (critical): p99 over 2 s — api-1")
            #expect(resolved?.isAlert == false)
            // The hook's own token, not the host's.
            let answer3 = try await http.post(url, body: Array("{}".utf8), headers: [.authorization: "Bearer host-token-0123456789abcdef"], policy: Self.policy)
            #expect(answer3.status == 401)
            let answer4 = try await http.post(url, body: Array(#"{"alerts":[]}"#.utf8), headers: auth, policy: Self.policy)
            #expect(answer4.status == 400)
        }
    }

    @Test func gitLabAndGenericHooksAndTheBurstLimit() async throws {
        let hooks = """
                max_per_minute: 2
                hooks:
                  - {path: gitlab, preset: gitlab, token_file: gl.token}
                  - path: deploys
                    preset: generic
                    token_file: deploy.token
                    template: "{{service}} {{version}} deployed by {{user.name}}{{#canary}} (canary){{/canary}} & done"
            """
        try await Self.withRelay(hooks, secrets: ["gl.token": "gitlab-token-value", "deploy.token": "deploy-token-value"]) { base, http, session in
            let gitlab: HTTPFields = [Self.field("X-Gitlab-Token"): "gitlab-token-value", Self.field("X-Gitlab-Event"): "Pipeline Hook"]
            let pipeline = #"{"object_kind":"pipeline","object_attributes":{"id":31,"ref":"main","status":"failed"},"project":{"path_with_namespace":"ops/deployer"}}"#
            let answer5 = try await http.post(base + "gitlab", body: Array(pipeline.utf8), headers: gitlab, policy: Self.policy)
            #expect(answer5.status == 200)
            let failed = await Self.nextPost(session)
            #expect(failed?.messageContent == "Pipeline #31 failed on main in ops/deployer")
            #expect(failed?.isAlert == true)
            let deploy: HTTPFields = [.authorization: "Bearer deploy-token-value"]
            let body = #"{"service":"billing","version":"2.4.1","user":{"name":"Carol <c@x>"},"canary":true}"#
            let answer6 = try await http.post(base + "deploys", body: Array(body.utf8), headers: deploy, policy: Self.policy)
            #expect(answer6.status == 200)
            #expect(await Self.nextPost(session)?.messageContent == "billing 2.4.1 deployed by Carol <c@x> (canary) & done")
            // A third call within the minute to one hook is refused; the other hook has its own count.
            let answer7 = try await http.post(base + "deploys", body: Array(body.utf8), headers: deploy, policy: Self.policy)
            #expect(answer7.status == 200)
            let third = try await http.post(base + "deploys", body: Array(body.utf8), headers: deploy, policy: Self.policy)
            #expect(third.status == 429)
            let answer8 = try await http.post(base + "gitlab", body: Array(pipeline.utf8), headers: gitlab, policy: Self.policy)
            #expect(answer8.status == 200)
        }
    }

    @Test(arguments: [
        ("    hooks: []", "bots[0].hooks", "give at least one hook", 5),
        ("    hooks:\n      - {path: x, preset: jenkins}", "bots[0].hooks[0].preset", "expected alertmanager, github, gitlab or generic, got 'jenkins'", 6),
        ("    hooks:\n      - {path: x, preset: github}", "bots[0].hooks[0].secret_env", "a github hook needs the webhook's secret", nil),
        ("    hooks:\n      - {path: x, preset: generic}", "bots[0].hooks[0].template", "a generic hook needs a Mustache template", nil),
        ("    hooks:\n      - {path: x, preset: generic, template: '{{#open}}'}", "bots[0].hooks[0].template", "not a Mustache template", 6),
        ("    hooks:\n      - {path: x, preset: gitlab, token: inline}", "bots[0].hooks[0].token", "a secret is never written inline", 6),
    ] as [(String, String, String, Int?)])
    func badHooksAreRefusedWithTheirKey(hooks: String, key: String, reason: String, line: Int?) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": "room: help-desk\nendpoint: \(Self.bot)\nbots:\n  - type: relay\n\(hooks)\n"])
            let error = #expect(throws: ConfigError.self) { try fixture.load() }
            #expect(error?.key == key, "\(String(describing: error))")
            #expect(error?.reason.contains(reason) == true, "\(String(describing: error))")
            // Where the key is in the file, its line is named.
            #expect(error?.line == line, "\(String(describing: error))")
        }
    }
}
