import BotKitTesting
import Foundation
import PersistentChat
import Testing

/// pchatd and bothost logging as JSON lines (`--log-format json`, or `log_format: json` in their files): every line of
/// a real run is one JSON object with its fields, and neither format ever shows a password or a token.
@Suite struct JSONLogTests {
    /// Each line of `log` parsed; a line that is not a JSON object with time, level, label and message fails the test.
    static func records(_ log: String) -> [[String: Any]] {
        log.split(separator: "\n").compactMap { line in
            let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object != nil, "not a JSON object: \(line)")
            for key in ["time", "level", "label", "message"] { #expect(object?[key] is String, "no \(key) in \(line)") }
            return object
        }
    }

    @Test func pchatdLogsJSONLinesWithoutPasswords() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let yaml = try ServerProcess.writeConfig(configuration, in: folder)
            try await withLiveProcess(try ServerProcess.executable, ["--config", yaml, "--log-format", "json", "--log-level", "debug"]) { pchatd in
                #expect(await pchatd.waitFor(.stderr, containing: #""url":"ws://"#, seconds: 20), "\(pchatd.stderr)")
                let url = try #require(pchatd.stderr.firstMatch(of: /"url":"(ws:\/\/[^"]+)"/).map { String($0.1) })
                let wrong = DirectoryReloadTests.endpoint("alice", url, password: "wrong-password-9917")
                await #expect(throws: PersistentChatError.self) { try await wrong.establish() }
                let alice = DirectoryReloadTests.endpoint("alice", url)
                try await alice.establish()
                let session = try await DirectoryReloadTests.joined(alice, "team")
                try await session.sendChatMessage("hello in json")
                await alice.terminate()
                await wrong.terminate()
                pchatd.terminate()
                #expect(await pchatd.exitStatus() == 0)
                let records = Self.records(pchatd.stderr)
                #expect(records.contains { $0["message"] as? String == "pchatd listening" })
                #expect(records.contains { ($0["level"] as? String) == "debug" })
                for secret in [TestDirectory.password, "wrong-password-9917"] {
                    #expect(!pchatd.stderr.contains(secret), "the log shows a password")
                }
            }
        }
    }

    @Test func bothostLogsJSONLinesFromItsFileWithoutSecrets() async throws {
        let token = "tok-json-log-5521"
        try await withHTTPStub(answering: { _ in .text("broken", status: .internalServerError) }) { stub in
            try await withTestServer { server in
                let fixture = try HostFixture(server: server, rooms: ["team.yaml": SecretNeverShownTests.ticketRoom(stub)],
                                              hostYAML: "log_format: json")
                try await withBothost(config: fixture.hostFile, ["--log-level", "debug"], environment: ["TRACKER_TOKEN": token]) { host in
                    #expect(await host.waitFor(.stderr, containing: #""message":"bothost is running""#), "bothost did not start: \(host.stderr)")
                    let (_, session) = try await server.join("alice", "team")
                    let messages = session.messages
                    try await session.sendChatMessage("!ticket printer")
                    #expect(await first(messages) { $0.messageAuthor.value == BotHTTPSafetyTests.bot }?.messageContent == "printer: HTTP 500")
                    host.interrupt()
                    #expect(await host.exitStatus() == 0)
                    #expect(host.stdout.isEmpty, "in JSON, nothing but records is written: \(host.stdout)")
                    let records = Self.records(host.stderr)
                    #expect(records.contains { ($0["message"] as? String)?.contains("joined room") == true }, "\(host.stderr)")
                    for secret in [token, TestDirectory.password] {
                        #expect(!(host.stdout + host.stderr).contains(secret), "the log shows a secret")
                    }
                }
            }
        }
    }

    @Test func aFailedStartIsAJSONRecordToo() async throws {
        try await withTestFolder { folder in
            let yaml = folder.appendingPathComponent("server.yaml").path
            try "domain: contoso.com\nlog_format: json\nlisten: nowhere\n".write(toFile: yaml, atomically: true, encoding: .utf8)
            try await withLiveProcess(try ServerProcess.executable, ["--config", yaml]) { pchatd in
                #expect(await pchatd.exitStatus() != 0)
                let records = Self.records(pchatd.stderr)
                #expect(records.last?["level"] as? String == "critical", "\(pchatd.stderr)")
                #expect((records.last?["message"] as? String)?.contains("listen") == true, "\(pchatd.stderr)")
            }
        }
    }
}
