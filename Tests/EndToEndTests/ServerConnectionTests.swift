import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// The SDK's connection to pchatd: addresses, refused upgrades, pipelined commands, and how an ended connection
/// reaches the endpoint and its sessions.
@Suite struct ServerConnectionTests {
    private static func endpoint(_ address: String) -> PersistentChatEndpoint {
        PersistentChatEndpoint(serverAddress: address, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:alice@contoso.com",
            password: TestDirectory.password))
    }

    @Test(arguments: ["http://127.0.0.1:5061", "127.0.0.1:5061", "ftp://127.0.0.1:21", "ws:///pchat"])
    func anAddressThatIsNotAWebSocketURLIsRefused(address: String) async {
        let endpoint = Self.endpoint(address)
        let error = await chatError { try await endpoint.establish() }
        #expect(error?.code == .invalidArgument)
        #expect(error?.message.contains("not a server address") == true)
        #expect(endpoint.state == .terminated)
    }

    @Test func aPathWhereNoChatServerListensRefusesTheUpgrade() async throws {
        try await withTestServer { server in
            let endpoint = Self.endpoint(server.url + "/elsewhere")
            let error = await chatError { try await endpoint.establish() }
            #expect(error?.kind == .connection)
            #expect(error?.message.contains("refused the WebSocket upgrade") == true)
        }
    }

    @Test func aTLSAddressForAPlainServerFailsWithoutHanging() async throws {
        try await withTestServer { server in
            let endpoint = Self.endpoint(server.url.replacingOccurrences(of: "ws://", with: "wss://"))
            let error = await chatError { try await endpoint.establish() }
            #expect(error?.kind == .connection)
            #expect(endpoint.state == .terminated)
        }
    }

    @Test func postsQueuedWithoutWaitingAreStoredInOrderAndEachAcknowledged() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "team")
            var queued: [QueuedChatMessage] = []
            for number in 0..<300 { queued.append(try await session.queueChatMessage("queued \(number)")) }
            var ids: [Int64] = []
            for post in queued { ids.append(try await post.acknowledged()) }
            #expect(ids == ids.sorted() && Set(ids).count == 300)
            let history = try await session.getRecentChatHistory(300)
            #expect(history.map(\.messageContent) == (0..<300).map { "queued \($0)" })
        }
    }

    @Test func aSessionKeepingTheNewestMessagesDropsOlderOnesUntilRead() async throws {
        try await withTestServer { server in
            let (_, poster) = try await server.join("alice", "team")
            let bob = try await server.connect("bob")
            let bounded = ChatRoomSession(endpoint: bob, messageBuffering: .bufferingNewest(2))
            try await bounded.join(name: "team")
            for number in 1...5 { _ = try await poster.sendChatMessage("post \(number)") }
            // The poster's own unbounded session has all five, so all have reached bob's connection too.
            let all = await firstN(5, poster.messages) { _ in true }
            #expect(all.map(\.messageContent) == (1...5).map { "post \($0)" })
            // Bob's endpoint hands them to the bounded session on its own; nothing tells when it has, so a wait that
            // leaves room for a loaded machine.
            try await Task.sleep(for: .milliseconds(1500))
            let kept = await firstN(3, bounded.messages, within: 0.5) { _ in true }
            #expect(kept.map(\.messageContent) == ["post 4", "post 5"])
        }
    }

    @Test func aServerShuttingDownEndsEverySessionWithItsReason() async throws {
        try await withTestServer { server in
            let (alice, session) = try await server.join("alice", "team")
            let ended = Task {
                await first(session.events) { event in
                    if case .stateChanged(.terminated, _) = event { return true }
                    return false
                }
            }
            await server.stop()
            guard case .stateChanged(_, let reason)? = await ended.value else {
                Issue.record("the session did not end")
                return
            }
            #expect(reason?.kind == .connection)
            #expect(reason?.message.contains("the server is shutting down") == true)
            #expect(alice.state == .terminated)
            let error = await chatError { try await session.sendChatMessage("too late") }
            #expect(error != nil)
        }
    }
}
