import Foundation
import PersistentChat
import Testing

/// Invitations over real sockets: pushed live to new members, listed by `browseChatRoomsByInvitations`, and only where
/// the category and room send them.
@Suite struct InvitationTests {
    @Test func aNewMemberIsInvitedLiveAndCanListInvitationsSinceAnId() async throws {
        try await withTestServer { server in
            let projects = try await server.category("Projects")
            let bob = try await server.connect("bob")
            let live = bob.invitationsReceived()
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            let start = E2EAPI.nowMs - 1000

            let roomA = try await management.createChatRoom(name: "proj-a", parentCategoryUri: projects)
            try await management.addUsersOrGroupsToRole(.member, room: roomA, references: [E2EAPI.bob])
            let liveA = await first(live) { $0.chatRoomSnapshot.chatRoomUri == roomA }
            let invitationA = try #require(liveA)
            #expect(invitationA.invId == 1)
            #expect(invitationA.chatRoomSnapshot.name == "proj-a")
            #expect(invitationA.chatRoomSnapshot.parentCategoryName == "Projects")
            #expect(invitationA.chatRoomSnapshot.privacy == .closed)
            #expect(invitationA.invitedBy?.value == "sip:alice@contoso.com")
            #expect((start...(E2EAPI.nowMs + 1000)).contains(E2EAPI.ms(invitationA.createdOn)))

            var settings = ChatRoomSettings(name: "proj-b", parentCategoryUri: projects)
            settings.members = [E2EAPI.bob]
            let roomB = try await management.createChatRoom(settings)
            let liveB = await first(live) { $0.chatRoomSnapshot.chatRoomUri == roomB }
            let invitationB = try #require(liveB)
            #expect(invitationB.invId == 2)

            let services = bob.persistentChatServices
            let all = try await services.browseChatRoomsByInvitations(since: 0)
            #expect(all.invitations.map(\.invId) == [1, 2])
            #expect(all.invitations.map(\.chatRoomSnapshot.name) == ["proj-a", "proj-b"])
            #expect(all.invitations.first?.createdOn == invitationA.createdOn)
            #expect(all.invitations.map(\.invitedBy?.value) == ["sip:alice@contoso.com", "sip:alice@contoso.com"])
            #expect(all.lastInviteId == 2)
            let later = try await services.browseChatRoomsByInvitations(since: 1)
            #expect(later.invitations.map(\.invId) == [2])
            #expect(later.lastInviteId == 2)
            let nothingNew = try await services.browseChatRoomsByInvitations(since: all.lastInviteId)
            #expect(nothingNew.invitations.isEmpty)
            #expect(nothingNew.lastInviteId == 2)

            // Joining the room shows it sends invitations.
            let session = ChatRoomSession(endpoint: bob)
            try await session.join(uri: roomA)
            #expect(session.isInvite)
            #expect(try await management.getChatRoom(roomA).sendInvitationsToMembers.value)
            // Adding bob again (with someone new) invites only the newcomer.
            let carol = try await server.connect("carol")
            let carolLive = carol.invitationsReceived()
            try await management.addUsersOrGroupsToRole(.member, room: roomA, references: [E2EAPI.bob, E2EAPI.carol])
            let carolInvitation = await first(carolLive) { $0.chatRoomSnapshot.chatRoomUri == roomA }
            #expect(carolInvitation?.invId == 1)
            #expect(try await services.browseChatRoomsByInvitations(since: 2).invitations.isEmpty)
        }
    }

    @Test func aUserWhoIsAlreadyAMemberThroughAnOUIsNotInvitedAgain() async throws {
        try await withTestServer { server in
            let projects = try await server.category("Projects")
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            var settings = ChatRoomSettings(name: "staff-room", parentCategoryUri: projects)
            settings.members = ["OU=Staff,DC=contoso,DC=com"]
            let room = try await management.createChatRoom(settings)
            try await management.addUsersOrGroupsToRole(.member, room: room, references: [E2EAPI.bob])
            let bob = try await server.connect("bob")
            let invitations = try await bob.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations
            #expect(invitations.filter { $0.chatRoomSnapshot.chatRoomUri == room }.count == 1)
        }
    }

    @Test func noInvitationsWhereTheCategoryOrRoomTurnsThemOff() async throws {
        try await withTestServer { server in
            let categories = try await server.categories()
            let projects = try #require(categories["Projects"]), supportOnly = try #require(categories["Support Only"])
            let bob = try await server.connect("bob")
            let bobLive = bob.invitationsReceived()
            let echobot = try await server.connect("echobot")
            let echoLive = echobot.invitationsReceived()
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices

            // Support Only has invitations off.
            var corner = ChatRoomSettings(name: "support-corner", parentCategoryUri: supportOnly)
            corner.members = [E2EAPI.echobot]
            let cornerURI = try await management.createChatRoom(corner)
            let cornerRoom = try await management.getChatRoom(cornerURI)
            #expect(!cornerRoom.sendInvitationsToMembers.inheritedValue && !cornerRoom.sendInvitationsToMembers.value)
            // A room that turns them off, in a category that has them on.
            var quiet = ChatRoomSettings(name: "no-invites", parentCategoryUri: projects)
            quiet.sendInvitationsToMembers = .false
            quiet.members = [E2EAPI.bob]
            let quietURI = try await management.createChatRoom(quiet)
            try await management.addUsersOrGroupsToRole(.member, room: quietURI, references: [E2EAPI.carol])
            let quietRoom = try await management.getChatRoom(quietURI)
            #expect(quietRoom.sendInvitationsToMembers.localValue == .false && !quietRoom.sendInvitationsToMembers.value)
            // A disabled room invites nobody.
            var dormant = ChatRoomSettings(name: "dormant", parentCategoryUri: projects)
            dormant.isDisabled = true
            dormant.members = [E2EAPI.bob]
            _ = try await management.createChatRoom(dormant)
            // Turning invitations off on an existing room stops them.
            let laterURI = try await management.createChatRoom(name: "turned-off", parentCategoryUri: projects)
            var later = ChatRoomInformation(try await management.getChatRoom(laterURI))
            later.sendInvitationsToMembers = .false
            try await management.updateChatRoom(later)
            try await management.addUsersOrGroupsToRole(.member, room: laterURI, references: [E2EAPI.bob])

            #expect(try await bob.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.isEmpty)
            #expect(try await echobot.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.isEmpty)
            let carol = try await server.connect("carol")
            #expect(try await carol.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.isEmpty)
            // The first invitation bob ever gets is for a room that sends them.
            var loud = ChatRoomSettings(name: "invites-on", parentCategoryUri: projects)
            loud.members = [E2EAPI.bob]
            let loudURI = try await management.createChatRoom(loud)
            let firstOne = await first(bobLive) { _ in true }
            #expect(firstOne?.chatRoomSnapshot.chatRoomUri == loudURI)
            #expect(firstOne?.invId == 1)
            let session = ChatRoomSession(endpoint: bob)
            try await session.join(uri: quietURI)
            #expect(!session.isInvite)
            let echoInvitation = await first(echoLive, within: 0.5) { _ in true }
            #expect(echoInvitation == nil)
        }
    }

    @Test func membersNamedAtCreationAreInvitedButNotTheCreator() async throws {
        try await withTestServer { server in
            let projects = try await server.category("Projects")
            let alice = try await server.connect("alice")
            let aliceLive = alice.invitationsReceived()
            let bob = try await server.connect("bob")
            let bobLive = bob.invitationsReceived()
            let carol = try await server.connect("carol")
            let carolLive = carol.invitationsReceived()
            let echobot = try await server.connect("echobot")

            var kickoff = ChatRoomSettings(name: "kickoff", parentCategoryUri: projects)
            kickoff.members = [E2EAPI.bob, E2EAPI.carol, E2EAPI.alice]
            let kickoffURI = try await alice.persistentChatServices.chatRoomManagementServices.createChatRoom(kickoff)
            let bobInvitation = await first(bobLive) { _ in true }
            let carolInvitation = await first(carolLive) { _ in true }
            #expect(bobInvitation?.chatRoomSnapshot.chatRoomUri == kickoffURI)
            #expect(carolInvitation?.chatRoomSnapshot.chatRoomUri == kickoffURI)
            #expect(try await alice.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.isEmpty)

            // A group named at creation invites its members who are in the category's scope (not echobot, not the creator).
            var carols = ChatRoomSettings(name: "carols-room", parentCategoryUri: projects)
            carols.members = [E2EAPI.alice, E2EAPI.supportGroup]
            let carolsURI = try await carol.persistentChatServices.chatRoomManagementServices.createChatRoom(carols)
            let atAlice = await first(aliceLive) { _ in true }
            #expect(atAlice?.chatRoomSnapshot.chatRoomUri == carolsURI)
            #expect(atAlice?.invId == 1)
            let aliceList = try await alice.persistentChatServices.browseChatRoomsByInvitations(since: 0)
            #expect(aliceList.invitations.map(\.chatRoomSnapshot.name) == ["carols-room"])
            #expect(try await carol.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.map(\.chatRoomSnapshot.name)
                    == ["kickoff"])
            #expect(try await echobot.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.isEmpty)
        }
    }

    @Test func aJoinedSessionSeesInvitationsTurnedOff() async throws {
        try await withTestServer { server in
            let projects = try await server.category("Projects")
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            var settings = ChatRoomSettings(name: "switching", parentCategoryUri: projects)
            settings.members = [E2EAPI.bob]
            let uri = try await management.createChatRoom(settings)
            let (_, session) = try await server.join("bob", "switching")
            #expect(session.isInvite)
            var information = ChatRoomInformation(try await management.getChatRoom(uri))
            information.sendInvitationsToMembers = .false
            try await management.updateChatRoom(information)
            let change = await first(session.events) { $0.e2eProperties != nil }?.e2eProperties
            #expect(change?.old == ["invitations": "inherit"])
            #expect(change?.new == ["invitations": "false"])
            #expect(!session.isInvite, "the session still says the room sends invitations")
        }
    }

    @Test func invitationsToRoomsYouCanNoLongerSeeAreLeftOut() async throws {
        try await withTestServer { server in
            let projects = try await server.category("Projects")
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            var hush = ChatRoomSettings(name: "hush-project", parentCategoryUri: projects)
            hush.visibleOnlyToMembers = true
            hush.members = [E2EAPI.bob]
            let hushURI = try await management.createChatRoom(hush)
            var open = ChatRoomSettings(name: "open-project", parentCategoryUri: projects)
            open.members = [E2EAPI.bob]
            _ = try await management.createChatRoom(open)
            let bob = try await server.connect("bob")
            #expect(try await bob.persistentChatServices.browseChatRoomsByInvitations(since: 0).invitations.map(\.invId) == [1, 2])

            try await management.removeUsersOrGroupsFromRole(.member, room: hushURI, references: [E2EAPI.bob])
            let listed = try await bob.persistentChatServices.browseChatRoomsByInvitations(since: 0)
            #expect(listed.invitations.map(\.chatRoomSnapshot.name) == ["open-project"])
            #expect(listed.lastInviteId == 2)
        }
    }
}
