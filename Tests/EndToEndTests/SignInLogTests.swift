#if os(Linux)
import Foundation
import PersistentChatProtocol
import PersistentChatServer
import Synchronization
import Testing

/// What pchatd logs about sign-ins: the real reason of a refusal (which the caller is not told), user text escaped so
/// it cannot break a line, and one warning at start naming the directory entries with weak password hashes.
@Suite struct SignInLogTests {
    /// pchatd's standard error, read on a thread of its own while the test runs.
    final class CapturedLog: Sendable {
        let text = Mutex("")

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = PipeRead.chunk(handle)
                    if chunk.isEmpty { return }
                    text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
                }
            }
        }

        /// Waits (up to 10 s) until `needle` has been logged `count` times.
        func wait(for needle: String, count: Int = 1) async -> Bool {
            await eventually(within: 10) { text.withLock { $0.components(separatedBy: needle).count - 1 } >= count }
        }
    }

    @Test func refusalsAreLoggedWithTheirRealReasonAndUserTextEscaped() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let config = try ServerProcess.writeConfig(configuration, in: folder)
            let process = try SpawnedProcess(try ServerProcess.executable, ["--config", config, "--log-level", "info"],
                                             environment: ProcessInfo.processInfo.environment, stdout: .discard)
            try await withCleanUp {
                let log = CapturedLog(try #require(process.errors))
                #expect(await log.wait(for: "url=ws://"))
                let port = try #require(log.text.withLock { text -> Int? in
                    guard let range = text.range(of: "url=ws://127.0.0.1:") else { return nil }
                    return Int(text[range.upperBound...].prefix { $0.isNumber })
                })
                // The directory's test users use {SSHA256} on purpose (cheap to check): named in one warning at start.
                #expect(log.text.withLock { $0.contains("weak scheme") && $0.contains("CN=Alice,OU=Staff,DC=contoso,DC=com") })

                let forged = "sip:mallory\u{1B}[31m\r\n2026-01-01T00:00:00 critical FORGED entry@contoso.com"
                let hidden = "sip:mal\u{1B}[8mlory\u{202E}@contoso.com"
                for user in [forged, hidden, "sip:nobody@contoso.com"] {
                    let reply = try await SourceBoundClient.establish(port: port, from: "127.0.0.1", user: user, password: "x")
                    guard case .failure = reply else {
                        Issue.record("\(user) was not refused")
                        return
                    }
                }
                _ = try await SourceBoundClient.establish(port: port, from: "127.0.0.1", user: "sip:alice@contoso.com", password: "wrong")
                #expect(await log.wait(for: "identity refused", count: 4))
                let text = log.text.withLock { $0 }
                #expect(!text.contains("\u{1B}"))
                #expect(!text.contains("\u{202E}"))
                #expect(!text.split(separator: "\n").contains { $0.hasPrefix("2026-01-01T00:00:00 critical FORGED") })
                #expect(text.contains(#"mallory\u{1B}[31m\r\n2026-01-01T00:00:00 critical FORGED"#))
                #expect(text.contains(#"mal\u{1B}[8mlory\u{202E}@contoso.com"#))
                // The caller got the same answer for both; the log tells them apart.
                #expect(text.contains("identity.unknownURI"))
                #expect(text.contains("identity.wrongPassword"))
            } cleanUp: {
                process.signal(SIGKILL)
                _ = await onOwnThread { process.waitUntilExit() }
            }
        }
    }
}
#endif
