import Foundation
import PersistentChat
import Testing

/// Acknowledged messages are durable: they survive a restart and a kill -9, and a retried post is stored once.
@Suite struct StorageTests {
    @Test func aRestartKeepsHistory() async throws {
        try await withTestFolder { folder in
            var ids: [Int64] = []
            try await withTestServer(folder: folder) { server in
                let (_, session) = try await server.join("alice", "team")
                for index in 1...25 { ids.append(try await session.sendChatMessage("message \(index)")) }
            }

            try await withTestServer(folder: folder) { again in
                let bob = try await again.connect("bob")
                let history = try await bob.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 100)
                #expect(history.map(\.messageId) == ids)
                #expect(history.last?.messageContent == "message 25")
                // Ids keep increasing after the restart.
                let (_, newSession) = try await again.join("alice", "team")
                let next = try await newSession.sendChatMessage("after restart")
                #expect(next > (ids.last ?? 0))
            }
        }
    }

    @Test func aRetriedPostIsStoredOnce() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "team")
            let first = try await session.sendChatMessage("deploy started", clientMessageId: "deploy-42")
            let retry = try await session.sendChatMessage("deploy started", clientMessageId: "deploy-42")
            #expect(first == retry)
            let other = try await session.sendChatMessage("deploy started", clientMessageId: "deploy-43")
            #expect(other != first)
            let history = try await session.getRecentChatHistory(10)
            #expect(history.map(\.messageId) == [first, other])
        }
    }

    @Test func aCategoryWithoutHistoryDeliversButKeepsNothing() async throws {
        try await withTestServer { server in
            let (_, sender) = try await server.join("alice", "quiet")
            let (_, listener) = try await server.join("bob", "quiet")
            let id = try await sender.sendChatMessage("off the record")
            #expect(await first(listener.messages) { $0.messageId == id }?.messageContent == "off the record")
            #expect(try await listener.getRecentChatHistory(10).isEmpty)
            #expect(!listener.isLogged)
        }
    }

    @Test func killNineKeepsEveryAcknowledgedMessage() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let yaml = try ServerProcess.writeConfig(configuration, in: folder)
            let acknowledged = try await withServerProcess(config: yaml) { child in
                let url = try await child.waitForURL()

                let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
                    platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:alice@contoso.com", password: TestDirectory.password))
                return try await withCleanUp {
                    try await endpoint.establish()
                    let session = ChatRoomSession(endpoint: endpoint)
                    try await session.join(name: "team")
                    // Many posts in flight at once, so several commit batches are under way when the process dies.
                    let acknowledged = await withTaskGroup(of: Int64?.self) { group in
                        for index in 0..<300 {
                            group.addTask { try? await session.sendChatMessage("burst \(index)") }
                        }
                        var ids: [Int64] = []
                        for await id in group {
                            if let id { ids.append(id) }
                            if ids.count == 150 { child.kill9() }
                        }
                        return ids
                    }
                    #expect(acknowledged.count >= 150)
                    await child.wait()
                    return acknowledged
                } cleanUp: {
                    await endpoint.terminate()
                }
            }

            try await withTestServer(folder: folder) { restarted in
                let bob = try await restarted.connect("bob")
                let stored = Set(try await bob.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 999).map(\.messageId))
                #expect(Set(acknowledged).isSubset(of: stored))
            }
        }
    }
}
