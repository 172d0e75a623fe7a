import Foundation
import Testing

/// The pchat executable against a real server: post, history as JSON, and failures with the server's reason.
@Suite struct PchatCLITests {
    func pchat(_ arguments: [String], password: String = TestDirectory.password) async throws -> PchatProcess.Run {
        try await PchatProcess.run(arguments, password: password)
    }

    @Test func postThenReadHistoryAsJSON() async throws {
        try await withTestServer { server in
            // Global options before and after the subcommand.
            let post = try await pchat(["--server", server.url, "--user", "sip:alice@contoso.com", "post", "team", "hello from the CLI", "--alert"])
            #expect(post.status == 0)
            #expect(post.stdout.contains("posted #"))
            let history = try await pchat(["history", "team", "--server", server.url, "--user", "sip:bob@contoso.com", "--json", "--last", "5"])
            #expect(history.status == 0)
            let lines = history.stdout.split(separator: "\n")
            #expect(lines.count == 1)
            let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
            #expect(object?["text"] as? String == "hello from the CLI")
            #expect(object?["alert"] as? Bool == true)
            #expect(object?["author"] as? String == "sip:alice@contoso.com")
            let rooms = try await pchat(["--json", "--server", server.url, "--user", "sip:bob@contoso.com", "rooms"])
            #expect(rooms.status == 0)
            #expect(!rooms.stdout.contains("support-team"))
            #expect(rooms.stdout.contains("\"name\":\"help-desk\""))
        }
    }

    @Test func failuresExitNonZeroWithTheServersReason() async throws {
        try await withTestServer { server in
            let wrong = try await pchat(["--server", server.url, "--user", "sip:alice@contoso.com", "whoami"], password: "nope")
            #expect(wrong.status != 0)
            #expect(wrong.stderr.contains("identity.wrongPassword"))
            let auditorium = try await pchat(["--server", server.url, "--user", "sip:bob@contoso.com", "post", "announcements", "hi"])
            #expect(auditorium.status != 0)
            #expect(auditorium.stderr.contains("ErrorPermission"))
            let noServer = try await pchat(["--server", "ws://127.0.0.1:1", "--user", "sip:bob@contoso.com", "whoami"])
            #expect(noServer.status != 0)
            #expect(noServer.stderr.contains("cannot connect"))
        }
    }
}
