import PersistentChat
import Testing

/// Browse, join and post follow the privacy, scope and auditorium rules.
@Suite struct RoomRuleTests {
    @Test func aSecretRoomIsInvisibleToNonMembers() async throws {
        try await withTestServer { server in
            let bob = try await server.connect("bob")
            let bobRooms = try await bob.persistentChatServices.browseChatRoomsByCriteria("").map(\.name)
            #expect(!bobRooms.contains("support-team"))
            #expect(bobRooms.contains("help-desk") && bobRooms.contains("team"))
            // Joining by name or reading history says "no such room", exactly as for a room that does not exist.
            let join = await chatError { try await ChatRoomSession(endpoint: bob).join(name: "support-team") }
            let missing = await chatError { try await ChatRoomSession(endpoint: bob).join(name: "no-such-room") }
            #expect(join?.code == .noSuchNode && missing?.code == .noSuchNode)
            #expect(join?.detail == missing?.detail)
            let history = await chatError { _ = try await bob.persistentChatServices.getRecentChatHistory(room: .name("support-team"), count: 5) }
            #expect(history?.code == .noSuchNode)

            // A member of the Support group (alice) sees and joins it.
            let alice = try await server.connect("alice")
            let aliceRooms = try await alice.persistentChatServices.browseChatRoomsByCriteria("support").map(\.name)
            #expect(aliceRooms == ["support-team"])
            let session = ChatRoomSession(endpoint: alice)
            try await session.join(name: "support-team")
            #expect(session.visibleOnlyToMembers)
        }
    }

    @Test func aClosedRoomIsVisibleButOnlyMembersJoin() async throws {
        try await withTestServer { server in
            let carol = try await server.connect("carol")
            #expect(try await carol.persistentChatServices.browseChatRoomsByCriteria("team", matchExactPhrase: true).map(\.name) == ["team"])
            let error = await chatError { try await ChatRoomSession(endpoint: carol).join(name: "team") }
            #expect(error?.code == .errorPermission)
            #expect(error?.detail == .membersOnly)
            // An open room is joinable by anyone in the category's scope.
            let session = ChatRoomSession(endpoint: carol)
            try await session.join(name: "help-desk")
            #expect(session.canChat)
        }
    }

    @Test func onlyPresentersPostInAnAuditorium() async throws {
        try await withTestServer { server in
            let (_, presenter) = try await server.join("alice", "announcements")
            let (_, listener) = try await server.join("bob", "announcements")
            #expect(presenter.canChat && presenter.isAuditorium)
            #expect(!listener.canChat)
            let refused = await chatError { try await listener.sendChatMessage("can I speak?") }
            #expect(refused?.code == .errorPermission)
            #expect(refused?.detail == .presentersOnly)
            let id = try await presenter.sendChatMessage("welcome, everyone")
            let received = await first(listener.messages) { $0.messageId == id }
            #expect(received?.messageContent == "welcome, everyone")
            let history = try await listener.getRecentChatHistory(10)
            #expect(history.map(\.messageContent) == ["welcome, everyone"])
        }
    }

    @Test func postsReachEveryJoinedSessionAndJoinBringsRecentHistory() async throws {
        try await withTestServer { server in
            let (_, aliceSession) = try await server.join("alice", "team")
            let (_, bobSession) = try await server.join("bob", "team")
            let first3 = ["one", "two", "three"]
            for text in first3 { try await aliceSession.sendChatMessage(text) }
            let alert = try await bobSession.sendChatMessage("fire!", alert: true)
            let atAlice = await first(aliceSession.messages) { $0.messageId == alert }
            #expect(atAlice?.isAlert == true)
            #expect(atAlice?.messageAuthor.value == "sip:bob@contoso.com")
            // A late joiner gets the last N messages with the join.
            let carolEndpoint = try await server.connect("echobot")
            let late = ChatRoomSession(endpoint: carolEndpoint)
            try await late.join(name: "team", history: 3)
            #expect(late.joinHistory.map(\.messageContent) == ["two", "three", "fire!"])
            #expect(Set(late.participants.map(\.sipUri.value)).isSuperset(of: ["sip:alice@contoso.com", "sip:bob@contoso.com"]))
            let ids = late.joinHistory.map(\.messageId)
            #expect(ids == ids.sorted())
        }
    }

    @Test func joinAndLeaveFollowTheSessionLifecycle() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let session = ChatRoomSession(endpoint: alice)
            try await session.join(name: "HELP-DESK")
            #expect(session.state == .established)
            #expect(alice.activeChatRoomSessions.map(\.name) == ["help-desk"])
            let long = await chatError { try await ChatRoomSession(endpoint: alice).join(name: String(repeating: "r", count: 300)) }
            #expect(long?.code == .invalidArgument)
            #expect(long?.detail == .tooLong)
            let again = await chatError { try await ChatRoomSession(endpoint: alice).join(name: "help-desk") }
            #expect(again?.code == .invalidFlowOfOperations)
            try await session.leave()
            #expect(session.state == .terminated)
            #expect(alice.activeChatRoomSessions.isEmpty)
            let notJoined = await chatError { try await session.sendChatMessage("hello?") }
            #expect(notJoined?.kind == .invalidState)
            try await session.join(name: "team")
            #expect(session.name == "team")
        }
    }
}
