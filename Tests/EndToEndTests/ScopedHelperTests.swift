import BotKit
import Foundation
import PersistentChat
import Synchronization
import Testing

/// The scoped helpers stop what they started when the test's body throws: the server is down, its endpoints are
/// terminated, its folder is gone, and the bot host has left its rooms.
@Suite struct ScopedHelperTests {
    struct Failure: Error {}

    @Test func aServerIsStoppedAndRemovedWhenTheBodyThrows() async throws {
        let left = Mutex<(url: String, folder: URL, alice: PersistentChatEndpoint)?>(nil)
        await #expect(throws: Failure.self) {
            try await withTestServer { server in
                let alice = try await server.connect("alice")
                left.withLock { $0 = (server.url, server.folder, alice) }
                throw Failure()
            }
        }
        let (url, folder, alice) = try #require(left.withLock { $0 })
        #expect(alice.state == .terminated)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:bob@contoso.com", password: TestDirectory.password))
        #expect(await chatError { try await endpoint.establish() }?.kind == .connection)
    }

    @Test func aHostIsStoppedWhenTheBodyThrows() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            let events = session.events
            async let left = first(events) { event in
                guard case .participantAttendanceChanged(let participant, isActive: false) = event else { return false }
                return participant.sipUri.value == "sip:echobot@contoso.com"
            }
            await #expect(throws: Failure.self) {
                try await HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom]).withHost { host in
                    #expect(await host.joinedRooms == ["help-desk"])
                    throw Failure()
                }
            }
            #expect(await left != nil)
        }
    }
}
