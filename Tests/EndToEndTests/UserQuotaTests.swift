import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PersistentChat
import PersistentChatProtocol
import PersistentChatServer
import Testing
import YAMLConfig

/// `limits.per_user` over real sockets: each quota at its edge (the limit passes, one more is refused as
/// `LimitExceeded` with the quota's detail and when to try again), counted per user across connections.
@Suite struct UserQuotaTests {
    /// Small quotas; each test sets the one it attacks.
    static func limits(_ change: (inout PerUserLimits) -> Void) -> ServerLimits {
        var limits = ServerLimits()
        change(&limits.perUser)
        return limits
    }

    @Test func postsPassUpToTheBurstAcrossConnectionsThenAreRefused() async throws {
        // One token every 20 s: nothing refills while the test runs.
        let limits = Self.limits { $0.postBurst = 5; $0.postsPerSecond = 0.05 }
        try await withTestServer(limits: limits) { server in
            let (_, first) = try await server.join("alice", "team")
            let (_, second) = try await server.join("alice", "team")
            for number in 0..<3 { try await first.sendChatMessage("first \(number)") }
            for number in 0..<2 { try await second.sendChatMessage("second \(number)") }
            let refused = await chatError { try await first.sendChatMessage("one too many") }
            expectRefusal(refused, .limitExceeded, .quotaPosts)
            #expect(refused?.message.contains("posts_per_second") == true, "\(String(describing: refused))")
            #expect(refused?.message.contains("try again in") == true, "\(String(describing: refused))")
            // The SDK hands the wait over as a duration: one token every 20 s.
            let wait = try #require(refused?.retryAfter)
            #expect(wait > .zero && wait <= .seconds(20), "\(wait)")
            expectRefusal(await chatError { try await second.sendChatMessage("from the other connection") }, .limitExceeded, .quotaPosts)
            // Another user has a bucket of their own; the connections stay up.
            let (bob, bobSession) = try await server.join("bob", "team")
            try await bobSession.sendChatMessage("bob is not limited by alice")
            let recent = try await bob.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 20)
            #expect(recent.map(\.messageContent) == ["first 0", "first 1", "first 2", "second 0", "second 1", "bob is not limited by alice"])
            #expect(first.state == .established && second.state == .established)
        }
    }

    @Test func postsRefillAtTheirRate() async throws {
        let limits = Self.limits { $0.postBurst = 1; $0.postsPerSecond = 1 }
        try await withTestServer(limits: limits) { server in
            let (_, session) = try await server.join("alice", "team")
            // Both sent at once: the second finds the bucket empty.
            let sent = try await session.queueChatMessage("first")
            let refusedPost = try await session.queueChatMessage("second")
            _ = try await sent.acknowledged()
            let refused = await chatError { _ = try await refusedPost.acknowledged() }
            expectRefusal(refused, .limitExceeded, .quotaPosts)
            #expect(refused?.message.contains("try again in") == true, "\(String(describing: refused))")
            try await Task.sleep(for: .milliseconds(1200))
            try await session.sendChatMessage("after the wait")
        }
    }

    @Test func roomCreationsAreCountedPerHourAndRefusedCreationsAreNot() async throws {
        let limits = Self.limits { $0.roomsPerHour = 2 }
        try await withTestServer(limits: limits) { server in
            let categories = try await server.categories()
            let help = try #require(categories["Help"]), projects = try #require(categories["Projects"])
            let first = try await server.connect("alice").persistentChatServices.chatRoomManagementServices
            let second = try await server.connect("alice").persistentChatServices.chatRoomManagementServices
            // A creation that fails does not count.
            expectRefusal(await chatError { _ = try await first.createChatRoom(name: "team", parentCategoryUri: help) },
                          .duplicateRoomName, .duplicateRoomName)
            _ = try await first.createChatRoom(name: "quota-one", parentCategoryUri: help)
            _ = try await second.createChatRoom(name: "quota-two", parentCategoryUri: projects)
            let refused = await chatError { _ = try await second.createChatRoom(name: "quota-three", parentCategoryUri: help) }
            expectRefusal(refused, .limitExceeded, .quotaRoomCreations)
            #expect(refused?.message.contains("rooms_per_hour") == true && refused?.message.contains("try again in 30 min") == true,
                    "\(String(describing: refused))")
            let carol = try await server.connect("carol").persistentChatServices.chatRoomManagementServices
            _ = try await carol.createChatRoom(name: "carols-room", parentCategoryUri: projects)
            let names = try await server.connect("bob").persistentChatServices.browseChatRoomsByCriteria("quota-").map(\.name)
            #expect(!names.contains("quota-three"))
        }
    }

    @Test func searchesAcrossRoomsAreCountedPerMinute() async throws {
        let limits = Self.limits { $0.searchesPerMinute = 3 }
        try await withTestServer(limits: limits) { server in
            let (alice, team) = try await server.join("alice", "team")
            let helpDesk = ChatRoomSession(endpoint: alice)
            try await helpDesk.join(name: "help-desk")
            let rooms = [try #require(team.chatRoomUri), try #require(helpDesk.chatRoomUri)]
            let other = try await server.connect("alice").persistentChatServices
            for _ in 0..<2 { _ = try await alice.persistentChatServices.queryChatHistory(rooms, searchString: "deploy") }
            _ = try await other.queryChatHistory(rooms, searchString: "deploy")
            let refused = await chatError { _ = try await alice.persistentChatServices.queryChatHistory(rooms, searchString: "deploy") }
            expectRefusal(refused, .limitExceeded, .quotaSearches)
            #expect(refused?.message.contains("searches_per_minute") == true && refused?.message.contains("try again in") == true,
                    "\(String(describing: refused))")
            // A search of one room is not a search across rooms.
            _ = try await other.queryChatHistory([rooms[0]], searchString: "deploy")
            _ = try await server.connect("bob").persistentChatServices.queryChatHistory(rooms, searchString: "deploy")
        }
    }

    @Test func preferenceLabelsAndSizesAreLimited() async throws {
        let limits = Self.limits { $0.preferenceLabels = 2; $0.preferenceSize = 10 }
        try await withTestServer(limits: limits) { server in
            let first = try await server.connect("alice").persistentChatServices
            let second = try await server.connect("alice").persistentChatServices
            #expect(try await first.setPreferenceBundle(PersistentChatPreferenceBundle(label: "a", sequenceId: 0, data: "0123456789")) == 1)
            #expect(try await second.setPreferenceBundle(PersistentChatPreferenceBundle(label: "b", sequenceId: 0, data: "x")) == 1)
            let refused = await chatError { _ = try await first.setPreferenceBundle(PersistentChatPreferenceBundle(label: "c", sequenceId: 0, data: "x")) }
            expectRefusal(refused, .limitExceeded, .quotaPreferenceLabels)
            #expect(refused?.message.contains("preference_labels") == true)
            // A kept label can still change; a bundle one byte over the size cannot be stored.
            #expect(try await second.setPreferenceBundle(PersistentChatPreferenceBundle(label: "a", sequenceId: 1, data: "9876543210")) == 2)
            let tooLarge = await chatError { _ = try await first.setPreferenceBundle(PersistentChatPreferenceBundle(label: "a", sequenceId: 2, data: "01234567890")) }
            expectRefusal(tooLarge, .limitExceeded, .quotaPreferenceSize)
            #expect(try await first.getPreferenceBundle(label: "a", sequenceId: 0)?.data == "9876543210")
            let bob = try await server.connect("bob").persistentChatServices
            #expect(try await bob.setPreferenceBundle(PersistentChatPreferenceBundle(label: "c", sequenceId: 0, data: "x")) == 1)
        }
    }

    @Test func openUploadTokensAreLimitedPerUserAcrossConnections() async throws {
        let limits = Self.limits { $0.uploadTokens = 2 }
        try await withTestServer(limits: limits) { server in
            let (_, team) = try await server.join("alice", "team")
            let room = try #require(team.chatRoomUri).description
            func upload(_ seq: Int) -> RawClient.Step {
                .text(#"{"v":1,"type":"cmd","seq":\#(seq),"cmd":"fileUpload","data":{"room":"\#(room)","fileName":"f\#(seq).txt","size":10}}"#)
            }
            let join = RawClient.Step.text(#"{"v":1,"type":"cmd","seq":2,"cmd":"join","data":{"room":{"name":"team"},"history":0}}"#)
            let terminate = RawClient.Step.text(#"{"v":1,"type":"cmd","seq":99,"cmd":"terminate","data":{}}"#)
            // Two tokens on one connection, left open (the connection ends; the tokens live on).
            let held = try await RawClient.run(server.url, steps: [.text(RawClient.establish("alice")), .await(count: 1), join, .await(count: 2),
                                                                   upload(3), upload(4), .await(count: 4), terminate])
            #expect(RawClient.failure(held, seq: 3) == nil && RawClient.failure(held, seq: 4) == nil, "\(held.frames)")
            let tokens = held.frames.compactMap { frame -> String? in
                guard case .reply(let seq, _, let raw)? = RawClient.decode(frame), seq >= 3 else { return nil }
                return try? raw.decode(FileTransferReply.self).token
            }
            #expect(tokens.count == 2)
            // A third, from another connection of alice's, is refused; bob gets his own.
            let third = try await RawClient.run(server.url, steps: [.text(RawClient.establish("alice")), .await(count: 1), join, .await(count: 2),
                                                                    upload(3), .await(count: 3), terminate])
            let refusal = RawClient.failure(third, seq: 3)
            #expect(refusal?.code == .limitExceeded && refusal?.detail == .quotaUploadTokens, "\(third.frames)")
            #expect(refusal?.message.contains("upload_tokens") == true && refusal?.message.contains("try again in") == true)
            // The wait is also given in milliseconds: until the first token expires (file_token_minutes, 30 min).
            let wait = try #require(refusal?.retryAfterMs)
            #expect(wait > 29 * 60_000 && wait <= 30 * 60_000, "\(wait) ms")
            let bob = try await RawClient.run(server.url, steps: [.text(RawClient.establish("bob")), .await(count: 1), join, .await(count: 2),
                                                                  upload(3), .await(count: 3), terminate])
            #expect(RawClient.failure(bob, seq: 3) == nil, "\(bob.frames)")

            // Cancelling one gives its place back.
            let token = try #require(tokens.first)
            let port = try #require(URLComponents(string: server.url)?.port)
            var cancel = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(ProtocolLimits.filesPath)/\(token)")))
            cancel.httpMethod = "DELETE"
            let (_, response) = try await URLSession.shared.data(for: cancel)
            #expect((response as? HTTPURLResponse)?.statusCode == 204)
            let again = try await RawClient.run(server.url, steps: [.text(RawClient.establish("alice")), .await(count: 1), join, .await(count: 2),
                                                                    upload(3), .await(count: 3), terminate])
            #expect(RawClient.failure(again, seq: 3) == nil, "\(again.frames)")
        }
    }

    @Test func downloadTokensAreLimitedPerUserAcrossConnections() async throws {
        let limits = Self.limits { $0.downloadTokens = 2 }
        try await withTestServer(limits: limits) { server in
            let source = server.folder.appendingPathComponent("notes.txt")
            try Data("quota notes".utf8).write(to: source)
            let (_, uploader) = try await server.join("alice", "team")
            let uploaded = try await uploader.uploadFile(ChatRoomFileUploadJob(fileToUpload: source))
            let link = MessagePartPayload.fileLink(name: "notes.txt", size: 11, uri: uploaded.fileUri)
            let (_, first) = try await server.join("bob", "team")
            let (_, second) = try await server.join("bob", "team")
            try await first.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: server.folder.appendingPathComponent("one")))
            try await second.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: server.folder.appendingPathComponent("two")))
            let target = server.folder.appendingPathComponent("three")
            let refused = await chatError { try await first.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: target)) }
            expectRefusal(refused, .limitExceeded, .quotaDownloadTokens)
            #expect(refused?.message.contains("download_tokens") == true && refused?.message.contains("try again in") == true)
            #expect(!FileManager.default.fileExists(atPath: target.path))
            // alice's own tokens are hers.
            try await uploader.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: server.folder.appendingPathComponent("four")))
        }
    }

    @Test func quotasAreReadFromServerYAML() async throws {
        try await withTestFolder { folder in
            let yaml = folder.appendingPathComponent("server.yaml")
            func load(_ perUser: String) throws -> ServerConfiguration {
                try """
                    domain: contoso.com
                    directory: {ldif: directory.ldif}
                    limits:
                      per_user: {\(perUser)}
                    """.write(to: yaml, atomically: true, encoding: .utf8)
                return try ServerConfigurationLoader.load(path: yaml.path)
            }
            let loaded = try load("""
                posts_per_second: 0.5, post_burst: 4, rooms_per_hour: 3, searches_per_minute: 6, preference_labels: 7, \
                preference_size: 100, upload_tokens: 2, download_tokens: 9
                """).limits.perUser
            var expected = PerUserLimits()
            (expected.postsPerSecond, expected.postBurst, expected.roomsPerHour, expected.searchesPerMinute) = (0.5, 4, 3, 6)
            (expected.preferenceLabels, expected.preferenceSize, expected.uploadTokens, expected.downloadTokens) = (7, 100, 2, 9)
            #expect(loaded == expected)
            #expect(try load("").limits.perUser == PerUserLimits())
            let zero = #expect(throws: ConfigError.self) { try load("rooms_per_hour: 0") }
            #expect("\(String(describing: zero))".contains("limits.per_user.rooms_per_hour"))
            let unknown = #expect(throws: ConfigError.self) { try load("posts_per_minute: 5") }
            #expect("\(String(describing: unknown))".contains("posts_per_minute"))
        }
    }
}
