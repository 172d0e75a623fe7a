import BotKit
import CurlHTTP
import Foundation
import GRDB
import Logging
import Testing

/// `/health` and `/ready` on pchatd and bothost: ready only while each condition holds, 503 with JSON naming what is
/// missing otherwise, and ready again once it recovers.
@Suite(.serialized) struct ReadinessTests {
    /// `GET url` on loopback: its status and body.
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let client = CurlHTTPClient(logger: Logger(label: "readiness-test"))
        defer { Task { await client.shutdown() } }
        var policy = HTTPClientPolicy()
        policy.allowedHosts = ["127.0.0.1"]
        let response = try await client.get(url, policy: policy)
        return (response.status.code, response.text ?? "")
    }

    /// The `missing` list of a 503's JSON.
    static func missing(_ body: String) -> [String] {
        ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["missing"] as? [String] ?? []
    }

    @Test func pchatdIsReadyOnlyWhileItsDatabaseTakesAWrite() async throws {
        try await withTestServer { server in
            let base = "http://127.0.0.1:\(server.port)"
            #expect(try await Self.get(base + "/health") == (200, "ok\n"))
            #expect(try await Self.get(base + "/ready") == (200, "{\"ready\":true}\n"))
            // Another connection holds the write lock (on a thread of its own): no write commits within the limit.
            let blocker = try DatabaseQueue(path: server.folder.appendingPathComponent("data/pchat.sqlite").path)
            let locked = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
            let holder = Task {
                await onOwnThread {
                    try? blocker.writeWithoutTransaction { db in
                        try db.execute(sql: "BEGIN IMMEDIATE")
                        locked.signal()
                        release.wait()
                        try db.execute(sql: "ROLLBACK")
                    }
                }
            }
            await onOwnThread { locked.wait() }
            // The last probe's write answers for a second; past it, a new write is tried.
            try await Task.sleep(for: .milliseconds(1_200))
            let blocked = try await Self.get(base + "/ready")
            release.signal()
            await holder.value
            #expect(blocked.status == 503)
            #expect(Self.missing(blocked.body) == ["database: no write committed within 2 s"], "\(blocked.body)")
            try await blocker.write { db in try db.execute(sql: "DELETE FROM server_meta WHERE key = 'test-probe'") }
            // The write that waited on the lock, or the next one, commits: ready again.
            #expect(await eventually(within: 10) { (try? await Self.get(base + "/ready"))?.status == 200 })
        }
    }

    @Test func pchatdIsNotReadyOnceItsDirectoryIsPastItsLifetime() async throws {
        try await withSlapd { slapd in
            try await withTestServer(slapd: slapd, adjust: { $0.cacheLifetime = .seconds(2) }) { server in
                let base = "http://127.0.0.1:\(server.port)"
                #expect(try await Self.get(base + "/ready").status == 200)
                await slapd.stop()
                let expired = await eventually(within: 20) { (try? await Self.get(base + "/ready"))?.status == 503 }
                #expect(expired, "not ready once the directory could not be read within cache_lifetime")
                let down = try await Self.get(base + "/ready")
                #expect(Self.missing(down.body) == ["directory: it could not be read within cache_lifetime, so rights are not known"],
                        "\(down.body)")
                #expect(try await Self.get(base + "/health").status == 200)
                try await slapd.start()
                #expect(await eventually(within: 20) { (try? await Self.get(base + "/ready"))?.status == 200 })
            }
        }
    }

    @Test func bothostIsReadyOnlyWhileConnectedAndInEveryRoom() async throws {
        try await withTestFolder { folder in
            try await withTestServer(folder: folder) { server in
                let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom],
                                              hostYAML: ExactlyOnceTests.fastReconnect + "\nmetrics: {listen: '127.0.0.1:0'}")
                try await fixture.withHost { host in
                    let port = try #require(await host.operationsPort)
                    let base = "http://127.0.0.1:\(port)"
                    #expect(try await Self.get(base + "/health") == (200, "ok\n"))
                    #expect(try await Self.get(base + "/ready") == (200, "{\"ready\":true}\n"))
                    await server.stop()
                    #expect(await eventually { await host.connectedEndpoints.isEmpty })
                    let down = try await Self.get(base + "/ready")
                    #expect(down.status == 503)
                    #expect(Self.missing(down.body).contains("endpoint sip:echobot@contoso.com: not connected"), "\(down.body)")
                    try await withTestServer(folder: folder, port: server.port) { _ in
                        #expect(await eventually { await host.joinedRooms == ["help-desk"] })
                        let ready = try await Self.get(base + "/ready")
                        #expect(ready.status == 200, "\(ready.body)")
                    }
                }
            }
        }
    }
}
