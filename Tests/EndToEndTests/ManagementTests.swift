import Foundation
import PersistentChat
import PersistentChatServer
import Testing

// MARK: - Room management

/// Room management over real sockets: create, update, roles, categories, permissions, large rooms.
@Suite struct ManagementTests {}

extension ManagementTests {
    /// `createChatRoom`.
    @Suite struct Create {
        @Test func creatingNeedsTheCreatorRoleOnTheCategory() async throws {
            try await withTestServer { server in
                let categories = try await server.categories()
                let help = try #require(categories["Help"]), projects = try #require(categories["Projects"])
                let supportOnly = try #require(categories["Support Only"])
                let bob = try await server.connect("bob")
                let bobManagement = bob.persistentChatServices.chatRoomManagementServices
                #expect(try await bobManagement.findCategoriesWithCreateRights().isEmpty)
                let refused = await chatError { _ = try await bobManagement.createChatRoom(name: "bobs-room", parentCategoryUri: help) }
                expectRefusal(refused, .errorPermission, .noCreateRights)
                #expect(try await bob.persistentChatServices.browseChatRoomsByCriteria("bobs-room").isEmpty)

                // carol creates in Projects but not in Help.
                let carol = try await server.connect("carol")
                let carolManagement = carol.persistentChatServices.chatRoomManagementServices
                #expect(try await carolManagement.findCategoriesWithCreateRights().map(\.name) == ["Projects"])
                expectRefusal(await chatError { _ = try await carolManagement.createChatRoom(name: "carols-help", parentCategoryUri: help) },
                              .errorPermission, .noCreateRights)
                _ = try await carolManagement.createChatRoom(name: "carols-project", parentCategoryUri: projects)

                // The Creator role given to a group: echobot creates in Support Only, but not in Projects (out of scope).
                let echobot = try await server.connect("echobot")
                let echoManagement = echobot.persistentChatServices.chatRoomManagementServices
                #expect(try await echoManagement.findCategoriesWithCreateRights().map(\.name) == ["Support Only"])
                _ = try await echoManagement.createChatRoom(name: "bot-corner", parentCategoryUri: supportOnly)
                expectRefusal(await chatError { _ = try await echoManagement.createChatRoom(name: "bot-project", parentCategoryUri: projects) },
                              .errorPermission, .noCreateRights)

                // A category that does not exist.
                let alice = try await server.connect("alice")
                let nowhere = CategoryURI(domain: "contoso.com", id: UUID())
                expectRefusal(await chatError {
                    _ = try await alice.persistentChatServices.chatRoomManagementServices.createChatRoom(name: "lost", parentCategoryUri: nowhere)
                }, .noSuchNode, .noSuchCategory)
                #expect(try await alice.persistentChatServices.chatRoomManagementServices.findCategoriesWithCreateRights().map(\.name)
                        == ["Help", "Projects", "Support Only"])
            }
        }

        @Test func theCreatorBecomesManagerAndMember() async throws {
            try await withTestServer { server in
                let projects = try await server.category("Projects")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let before = E2EAPI.nowMs - 1000
                let uri = try await management.createChatRoom(name: "proj-x", parentCategoryUri: projects)
                let after = E2EAPI.nowMs + 1000

                let members = try await management.getMembers(uri)
                #expect(members.map(\.principal.reference) == [E2EAPI.alice])
                #expect(members.first?.addedBy == E2EAPI.alice)
                let firstAddedOn = try #require(members.first?.addedOn)
                #expect((before...after).contains(firstAddedOn))
                #expect(members.first?.principal.type == .localUser)
                #expect(members.first?.principal.displayName == "Alice Tester")
                let managers = try await management.getManagers(uri)
                #expect(managers.map(\.principal.reference) == [E2EAPI.alice])
                #expect(managers.first?.addedBy == E2EAPI.alice)
                #expect(try await management.getPresenters(uri).isEmpty)

                let room = try await management.getChatRoom(uri)
                #expect(room.chatRoomUri == uri)
                #expect(room.name == "proj-x")
                #expect(room.parentCategoryUri == projects)
                #expect(room.parentCategoryName == "Projects")
                #expect(room.parentCategoryDescription == "staff projects")
                #expect(room.privacy == .closed)
                #expect(!room.isAuditorium && !room.isDisabled)
                #expect(room.isLogged && room.isFilePostAllowed)
                #expect(room.sendInvitationsToMembers.localValue == .inherit)
                #expect(room.sendInvitationsToMembers.inheritedValue && room.sendInvitationsToMembers.value)
                #expect(room.changeHistory.createdBy == E2EAPI.alice && room.changeHistory.updatedBy == E2EAPI.alice)
                #expect((before...after).contains(E2EAPI.ms(room.changeHistory.createdOn)))
                #expect(try await management.getChatRoom(named: "PROJ-X") == room)

                let permissions = try await management.getChatRoomPermissions(uri)
                #expect(permissions == [.canView, .canJoin, .canReadHistory, .canChat, .canManageRoom])
                #expect(try await alice.persistentChatServices.browseChatRoomsIManage().map(\.name) == ["help-desk", "proj-x"])
                #expect(try await alice.persistentChatServices.browseMyChatRooms().map(\.name).contains("proj-x"))
            }
        }

        @Test func aNewRoomCanBeJoinedAtOnce() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                var settings = ChatRoomSettings(name: "fresh", parentCategoryUri: help)
                settings.description = "just made"
                settings.members = [E2EAPI.bob]
                let uri = try await alice.persistentChatServices.chatRoomManagementServices.createChatRoom(settings)
                // No "wait a few seconds": both join right away, by URI and by name.
                let aliceSession = ChatRoomSession(endpoint: alice)
                try await aliceSession.join(uri: uri)
                #expect(aliceSession.name == "fresh" && aliceSession.description == "just made")
                #expect(aliceSession.canManage && aliceSession.canChat)
                let (_, bobSession) = try await server.join("bob", "fresh")
                #expect(bobSession.chatRoomUri == uri)
                #expect(!bobSession.canManage)
                let id = try await bobSession.sendChatMessage("first!")
                let received = await first(aliceSession.messages) { $0.messageId == id }
                #expect(received?.messageContent == "first!")
                // Not a member: closed by default.
                let carol = try await server.connect("carol")
                expectRefusal(await chatError { try await ChatRoomSession(endpoint: carol).join(uri: uri) }, .errorPermission, .membersOnly)
            }
        }

        @Test func concurrentCreatesOfOneNameMakeOneRoom() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                var endpoints: [PersistentChatEndpoint] = []
                for _ in 0..<5 { endpoints.append(try await server.connect("alice")) }
                let outcomes = await withTaskGroup(of: PersistentChatError?.self) { group in
                    for (index, endpoint) in endpoints.enumerated() {
                        group.addTask {
                            await chatError {
                                _ = try await endpoint.persistentChatServices.chatRoomManagementServices.createChatRoom(
                                    name: index.isMultiple(of: 2) ? "race" : "RACE", parentCategoryUri: help)
                            }
                        }
                    }
                    var all: [PersistentChatError?] = []
                    for await outcome in group { all.append(outcome) }
                    return all
                }
                #expect(outcomes.count == 5)
                #expect(outcomes.filter { $0 == nil }.count == 1)
                let refusals = outcomes.compactMap { $0 }
                #expect(refusals.map(\.code) == Array(repeating: .duplicateRoomName, count: 4))
                let found = try await endpoints[0].persistentChatServices.browseChatRoomsByCriteria("race").map(\.name)
                #expect(found.count == 1)
            }
        }

        @Test func roomNamesAreUniqueIgnoringCase() async throws {
            try await withTestServer { server in
                let categories = try await server.categories()
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                _ = try await management.createChatRoom(name: "Design", parentCategoryUri: try #require(categories["Help"]))
                expectRefusal(await chatError {
                    _ = try await management.createChatRoom(name: "DESIGN", parentCategoryUri: try #require(categories["Projects"]))
                }, .duplicateRoomName, .duplicateRoomName)
                // A configured room's name is taken too.
                expectRefusal(await chatError {
                    _ = try await management.createChatRoom(name: "Help-Desk", parentCategoryUri: try #require(categories["Help"]))
                }, .duplicateRoomName, .duplicateRoomName)
                #expect(try await alice.persistentChatServices.browseChatRoomsByCriteria("design").map(\.name) == ["Design"])
            }
        }

        @Test func roomsAreNeverCreatedInTheRootCategory() async throws {
            try await withTestServer { server in
                let alice = try await server.connect("alice")
                let root = try #require(alice.persistentChatServices.rootCategoryUri)
                #expect(try alice.persistentChatServices.serverConfiguration.rootCategoryUri == root)
                let refused = await chatError {
                    _ = try await alice.persistentChatServices.chatRoomManagementServices.createChatRoom(name: "at-root", parentCategoryUri: root)
                }
                expectRefusal(refused, .nodeHierarchyViolation, .rootCategory)
            }
        }

        @Test func aRoomNeedsANameOfAtMost256Characters() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                expectClientSideRefusal(await chatError { _ = try await management.createChatRoom(name: "", parentCategoryUri: help) })
                expectClientSideRefusal(await chatError { _ = try await management.createChatRoom(name: "  \t", parentCategoryUri: help) })
                let long = await chatError {
                    _ = try await management.createChatRoom(name: String(repeating: "n", count: 257), parentCategoryUri: help)
                }
                expectRefusal(long, .invalidArgument, .tooLong)
                var settings = ChatRoomSettings(name: "long-description", parentCategoryUri: help)
                settings.description = String(repeating: "d", count: 257)
                expectRefusal(await chatError { _ = try await management.createChatRoom(settings) }, .invalidArgument, .tooLong)
                // Exactly at the limit is fine.
                let longest = String(repeating: "m", count: 256)
                let uri = try await management.createChatRoom(name: longest, parentCategoryUri: help)
                #expect(try await management.getChatRoom(uri).name == longest)
            }
        }

        @Test func newRoomsAreClosedUnlessVisibleOnlyToMembers() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let closed = try await management.createChatRoom(name: "default-privacy", parentCategoryUri: help)
                #expect(try await management.getChatRoom(closed).privacy == .closed)
                var secretSettings = ChatRoomSettings(name: "hush", parentCategoryUri: help)
                secretSettings.visibleOnlyToMembers = true
                let secret = try await management.createChatRoom(secretSettings)
                #expect(try await management.getChatRoom(secret).privacy == .secret)
                var openSettings = ChatRoomSettings(name: "wide-open", parentCategoryUri: help)
                openSettings.privacy = .open
                openSettings.isAuditorium = true
                let open = try await management.createChatRoom(openSettings)
                let openRoom = try await management.getChatRoom(open)
                #expect(openRoom.privacy == .open && openRoom.isAuditorium)

                let session = ChatRoomSession(endpoint: alice)
                try await session.join(uri: secret)
                #expect(session.visibleOnlyToMembers)
                let bob = try await server.connect("bob")
                let bobRooms = try await bob.persistentChatServices.browseChatRoomsByCriteria("").map(\.name)
                #expect(bobRooms.contains("default-privacy") && bobRooms.contains("wide-open"))
                #expect(!bobRooms.contains("hush"))
                expectRefusal(await chatError { try await ChatRoomSession(endpoint: bob).join(uri: secret) }, .noSuchNode, .noSuchRoom)
                // Open: bob joins without being a member.
                try await ChatRoomSession(endpoint: bob).join(uri: open)
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func membersNamedAtCreationMustExistAndBeInScope(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let projects = try await server.category("Projects")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                var settings = ChatRoomSettings(name: "staff-only", parentCategoryUri: projects)
                settings.members = [E2EAPI.bob, E2EAPI.echobot]
                expectRefusal(await chatError { _ = try await management.createChatRoom(settings) }, .principalsNotInScope, .principalNotInScope)
                settings.members = [E2EAPI.bob, "sip:nobody@contoso.com"]
                expectRefusal(await chatError { _ = try await management.createChatRoom(settings) }, .noSuchPrincipal, .noSuchPrincipal)
                // Nothing was created by the refused attempts.
                #expect(try await alice.persistentChatServices.browseChatRoomsByCriteria("staff-only").isEmpty)
                settings.members = [E2EAPI.bob, E2EAPI.supportGroup]
                let uri = try await management.createChatRoom(settings)
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.bob, E2EAPI.supportGroup])
            }
        }
    }
}

extension ManagementTests {
    /// `updateChatRoom`.
    @Suite struct Update {
        @Test func onlyManagersUpdateARoom() async throws {
            try await withTestServer { server in
                let bob = try await server.connect("bob")
                let management = bob.persistentChatServices.chatRoomManagementServices
                let team = try await management.getChatRoom(named: "team")
                var information = ChatRoomInformation(team)
                information.description = "bob was here"
                expectRefusal(await chatError { try await management.updateChatRoom(information) }, .errorPermission, .notManager)
                // A room bob cannot see is "no such room", not "not a manager".
                let alice = try await server.connect("alice")
                let secret = try await alice.persistentChatServices.chatRoomManagementServices.getChatRoom(named: "support-team")
                expectRefusal(await chatError { try await management.updateChatRoom(ChatRoomInformation(secret)) }, .noSuchNode, .noSuchRoom)
                #expect(try await management.getChatRoom(named: "team").description == "closed team room")
            }
        }

        @Test func roleListsAreReplacedAtomically() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("atomic", in: help, members: [E2EAPI.bob]))
                var information = ChatRoomInformation(try await management.getChatRoom(uri))
                try await management.updateChatRoom(
                    information, members: [E2EAPI.principal(E2EAPI.alice), E2EAPI.principal(E2EAPI.carol)],
                    managers: [E2EAPI.principal(E2EAPI.alice), E2EAPI.principal(E2EAPI.carol)],
                    presenters: [E2EAPI.principal(E2EAPI.carol)])
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.carol])
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.carol])
                #expect(try await management.getPresenters(uri).map(\.principal.reference) == [E2EAPI.carol])

                // A refused update changes nothing: not the name, not the members.
                information.name = "atomic-renamed"
                let refused = await chatError {
                    try await management.updateChatRoom(information, members: [E2EAPI.principal(E2EAPI.alice)],
                                                        presenters: [E2EAPI.principal(E2EAPI.bob)])
                }
                expectRefusal(refused, .presenterNotInMemList, .presenterNotMember)
                #expect(try await management.getChatRoom(uri).name == "atomic")
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.carol])
                #expect(try await management.getPresenters(uri).map(\.principal.reference) == [E2EAPI.carol])

                // Lists left nil are unchanged.
                information.name = "atomic"
                information.description = "only the description"
                try await management.updateChatRoom(information)
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.carol])
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.carol])
                let room = try await management.getChatRoom(uri)
                #expect(room.description == "only the description")
                #expect(room.changeHistory.updatedBy == E2EAPI.alice)
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func principalsMustExistAndBeInTheCategoryScope(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let projects = try await server.category("Projects")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(name: "scoped", parentCategoryUri: projects)
                let information = ChatRoomInformation(try await management.getChatRoom(uri))
                func update(members: [String]) async -> PersistentChatError? {
                    await chatError { try await management.updateChatRoom(information, members: members.map(E2EAPI.principal)) }
                }
                expectRefusal(await update(members: [E2EAPI.alice, E2EAPI.echobot]), .principalsNotInScope, .principalNotInScope)
                expectRefusal(await update(members: [E2EAPI.alice, E2EAPI.botsOU]), .principalsNotInScope, .principalNotInScope)
                expectRefusal(await update(members: [E2EAPI.alice, "sip:nobody@contoso.com"]), .noSuchPrincipal, .noSuchPrincipal)
                expectRefusal(await update(members: ["CN=Nobody,OU=Staff,DC=contoso,DC=com"]), .noSuchPrincipal, .noSuchPrincipal)
                // A contact object is not a principal.
                expectRefusal(await update(members: ["sip:trustedapp@contoso.com"]), .noSuchPrincipal, .noSuchPrincipal)
                expectRefusal(await update(members: ["neither a URI nor a DN"]), .invalidArgument, .invalidArgument)
                expectRefusal(await chatError {
                    try await management.updateChatRoom(information, managers: [E2EAPI.principal(E2EAPI.echobot)])
                }, .principalsNotInScope, .principalNotInScope)
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice])
                // In scope: the OU itself, a group under it, a user in it.
                try await management.updateChatRoom(information, members: [E2EAPI.staffOU, E2EAPI.supportGroup, E2EAPI.bob].map(E2EAPI.principal))
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.staffOU, E2EAPI.supportGroup, E2EAPI.bob])
            }
        }

        @Test func renamingToATakenNameIsRefusedAndFreesTheOldName() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(name: "old-name", parentCategoryUri: help)
                var information = ChatRoomInformation(try await management.getChatRoom(uri))
                information.name = "TEAM"
                expectRefusal(await chatError { try await management.updateChatRoom(information) }, .duplicateRoomName, .duplicateRoomName)
                // Its own name in another case is not a duplicate.
                information.name = "OLD-NAME"
                try await management.updateChatRoom(information)
                information.name = "new-name"
                try await management.updateChatRoom(information)
                #expect(try await management.getChatRoom(uri).name == "new-name")
                expectRefusal(await chatError { _ = try await management.getChatRoom(named: "old-name") }, .noSuchNode, .noSuchRoom)
                _ = try await management.createChatRoom(name: "old-name", parentCategoryUri: help)
            }
        }

        @Test func joinedSessionsSeeChangedProperties() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("before", in: help, members: [E2EAPI.bob]))
                let (_, bobSession) = try await server.join("bob", "before")
                var information = ChatRoomInformation(try await management.getChatRoom(uri))
                information.name = "after"
                information.description = "now described"
                information.isAuditorium = true
                try await management.updateChatRoom(information)
                let change = await first(bobSession.events) { $0.e2eProperties != nil }?.e2eProperties
                #expect(change?.old == ["name": "before", "description": "", "behavior": "normal"])
                #expect(change?.new == ["name": "after", "description": "now described", "behavior": "auditorium"])
                #expect(bobSession.name == "after")
                #expect(bobSession.description == "now described")
                #expect(bobSession.isAuditorium)
                // bob is no presenter: the refreshed permissions no longer let him post.
                let mutedAtLast = await eventually { !bobSession.canChat }
                #expect(mutedAtLast)
                expectRefusal(await chatError { try await bobSession.sendChatMessage("may I?") }, .errorPermission, .presentersOnly)
                #expect(bobSession.state == .established)
            }
        }

        @Test func removingAJoinedMemberEndsTheirSessionAtOnce() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("members-only", in: help, members: [E2EAPI.bob]))
                let aliceSession = ChatRoomSession(endpoint: alice)
                try await aliceSession.join(uri: uri)
                let (bob, bobSession) = try await server.join("bob", "members-only")
                let joinedNotice = await first(aliceSession.events) { $0.e2eAttendance?.isActive == true }
                #expect(joinedNotice != nil)

                try await management.updateChatRoom(ChatRoomInformation(try await management.getChatRoom(uri)),
                                                    members: [E2EAPI.principal(E2EAPI.alice)])
                let ended = await first(bobSession.events, within: 3) { $0.e2eIsTermination }

                #expect(ended != nil, "bob's session did not end")
                expectRefusal(ended?.e2eTerminationReason, .errorPermission, .membershipRemoved)
                #expect(bobSession.state == .terminated)
                #expect(bob.activeChatRoomSessions.isEmpty)
                let left = await first(aliceSession.events) { $0.e2eAttendance?.isActive == false }?.e2eAttendance
                #expect(left?.participant.sipUri.value == E2EAPI.bob)
                #expect(aliceSession.participants.map(\.sipUri.value) == [E2EAPI.alice])
                #expect(try await alice.persistentChatServices.browseChatRoomsByCriteria("members-only").first?.numberOfParticipants == 1)

                // bob may not come back, and his old session cannot post.
                expectRefusal(await chatError { try await ChatRoomSession(endpoint: bob).join(uri: uri) }, .errorPermission, .membersOnly)
                let stalePost = await chatError { try await bobSession.sendChatMessage("still here?") }
                #expect(stalePost?.kind == .invalidState)
                expectRefusal(await chatError {
                    _ = try await bob.persistentChatServices.queryChatHistory([uri], searchString: "x")
                }, .errorPermission, .membersOnly)
            }
        }

        @Test func closingAnOpenRoomEndsTheSessionsOfNonMembers() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                var settings = ChatRoomSettings(name: "was-open", parentCategoryUri: help)
                settings.privacy = .open
                settings.members = [E2EAPI.carol]
                let uri = try await management.createChatRoom(settings)
                let (_, bobSession) = try await server.join("bob", "was-open")
                let (_, carolSession) = try await server.join("carol", "was-open")
                var information = ChatRoomInformation(try await management.getChatRoom(uri))
                information.privacy = .closed
                try await management.updateChatRoom(information)
                let ended = await first(bobSession.events, within: 3) { $0.e2eIsTermination }
                expectRefusal(ended?.e2eTerminationReason, .errorPermission, .membershipRemoved)
                let change = await first(carolSession.events) { $0.e2eProperties != nil }?.e2eProperties
                #expect(change?.new == ["privacy": "closed"])
                #expect(carolSession.state == .established)
            }
        }

        @Test func disablingARoomEndsEverySessionAndHidesIt() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("to-disable", in: help, members: [E2EAPI.bob]))
                let aliceSession = ChatRoomSession(endpoint: alice)
                try await aliceSession.join(uri: uri)
                let (bob, bobSession) = try await server.join("bob", "to-disable")
                try await bobSession.sendChatMessage("before the lights go out")

                var information = ChatRoomInformation(try await management.getChatRoom(uri))
                information.isDisabled = true
                try await management.updateChatRoom(information)
                for session in [aliceSession, bobSession] {
                    let ended = await first(session.events, within: 3) { $0.e2eIsTermination }
                    #expect(ended?.e2eTerminationReason?.code == .nodeDisabled)
                    #expect(ended?.e2eTerminationReason?.detail == .roomDisabled)
                    #expect(session.state == .terminated)
                }

                // Hidden from everyone's browse; history, search and joins are refused as disabled (NodeDisabled) to
                // those who could otherwise see it.
                for endpoint in [alice, bob] {
                    let services = endpoint.persistentChatServices
                    #expect(try await services.browseChatRoomsByCriteria("to-disable").isEmpty)
                    let inCategory = try await services.browseChatRoomsByCategoryUri(help).map(\.chatRoomUri)
                    #expect(!inCategory.contains(uri))
                    let mine = try await services.browseMyChatRooms().map(\.chatRoomUri)
                    #expect(!mine.contains(uri))
                    #expect(try await services.browseChatRoomsByFilterCriteria(BrowseFilterRequest(searchTerms: "to-disable")).isEmpty)
                    expectRefusal(await chatError { _ = try await services.getRecentChatHistory(room: .uri(uri), count: 5) }, .nodeDisabled, .roomDisabled)
                    expectRefusal(await chatError { _ = try await services.queryChatHistory([uri], searchString: "lights") }, .nodeDisabled, .roomDisabled)
                    expectRefusal(await chatError { try await ChatRoomSession(endpoint: endpoint).join(uri: uri) }, .nodeDisabled, .roomDisabled)
                }
                #expect(try await alice.persistentChatServices.browseChatRoomsIManage().isEmpty == false) // help-desk
                let managed = try await alice.persistentChatServices.browseChatRoomsIManage().map(\.chatRoomUri)
                #expect(!managed.contains(uri))
                expectRefusal(await chatError { _ = try await bob.persistentChatServices.chatRoomManagementServices.getChatRoom(uri) },
                              .noSuchNode, .noSuchRoom)
                // Its managers still see it, with the disabled filter, and can turn it back on.
                let disabled = try await management.getChatRoom(uri)
                #expect(disabled.isDisabled)
                #expect(try await alice.persistentChatServices.browseChatRoomsByFilterCriteria(BrowseFilterRequest(disabled: true)).map(\.name)
                        == ["to-disable"])
                #expect(try await bob.persistentChatServices.browseChatRoomsByFilterCriteria(BrowseFilterRequest(disabled: true)).isEmpty)
                information.isDisabled = false
                try await management.updateChatRoom(information)
                let again = ChatRoomSession(endpoint: bob)
                try await again.join(uri: uri)
                #expect(again.joinHistory.map(\.messageContent) == ["before the lights go out"])
            }
        }
    }
}

extension ManagementTests {
    /// `addUsersOrGroupsToRole`, `removeUsersOrGroupsFromRole`, `getMembers` / `getManagers` / `getPresenters`,
    /// `findUsersOrGroupsForRole`, `getCategoryUsers`, `getChatRoomPermissions`.
    @Suite struct Roles {
        @Test func rolesAreAddedAndRemoved() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(name: "roles", parentCategoryUri: help)
                try await management.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.bob, E2EAPI.carol])
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol])
                try await management.removeUsersOrGroupsFromRole(.member, room: uri, references: [E2EAPI.carol])
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.bob])
                try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.bob])
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.bob])
                try await management.addUsersOrGroupsToRole(.presenter, room: uri, references: [E2EAPI.bob])
                #expect(try await management.getPresenters(uri).map(\.principal.reference) == [E2EAPI.bob])
                // Through summaries, as found by the role search.
                let carol = try #require(try await management.findUsersOrGroupsForRole(.member, room: uri, search: "carol").first)
                #expect(carol.reference == E2EAPI.carol)
                try await management.addUsersOrGroupsToRole(.member, room: uri, principals: [carol])
                try await management.removeUsersOrGroupsFromRole(.manager, room: uri, principals: [E2EAPI.principal(E2EAPI.bob)])
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.alice])
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol])

                // Adding a holder again, alone, is refused; with someone new it is not.
                expectRefusal(await chatError { try await management.addUsersOrGroupsToRole(.member, room: uri, references: ["SIP:Bob@Contoso.com"]) },
                              .principalsAlreadyDefined, .principalAlreadyHoldsRole)
                try await management.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.bob, E2EAPI.echobot])
                #expect(try await management.getMembers(uri).map(\.principal.reference)
                        == [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol, E2EAPI.echobot])
                expectRefusal(await chatError { try await management.addUsersOrGroupsToRole(.member, room: uri, references: []) },
                              .invalidArgument, .invalidArgument)

                // Only managers change roles.
                let bob = try await server.connect("bob")
                let bobManagement = bob.persistentChatServices.chatRoomManagementServices
                expectRefusal(await chatError { try await bobManagement.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.bob]) },
                              .errorPermission, .notManager)
                expectRefusal(await chatError { try await bobManagement.removeUsersOrGroupsFromRole(.member, room: uri, references: [E2EAPI.alice]) },
                              .errorPermission, .notManager)
            }
        }

        @Test func aRoomKeepsAtLeastOneManager() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("kept", in: help, members: [E2EAPI.bob]))
                expectRefusal(await chatError {
                    try await management.removeUsersOrGroupsFromRole(.manager, room: uri, references: [E2EAPI.alice])
                }, .invalidArgument, .lastManager)
                // With a second manager, the first may step down.
                try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.bob])
                try await management.removeUsersOrGroupsFromRole(.manager, room: uri, references: [E2EAPI.alice])
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.bob])
            }
        }

        @Test func theCreatorRoleIsNotARoomRole() async throws {
            try await withTestServer { server in
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.getChatRoom(named: "help-desk").chatRoomUri
                // Refused by the SDK before anything is sent…
                expectClientSideRefusal(await chatError { try await management.addUsersOrGroupsToRole(.creator, room: uri, references: [E2EAPI.bob]) })
                expectClientSideRefusal(await chatError {
                    try await management.removeUsersOrGroupsFromRole(.creator, room: uri, references: [E2EAPI.alice])
                })
                expectClientSideRefusal(await chatError { _ = try await management.findUsersOrGroupsForRole(.creator, room: uri, search: "bob") })
                // …and by the server, for clients that send it anyway.
                let transcript = try await RawClient.run(server.url, steps: [
                    .text(RawClient.establish()),
                    .await(count: 1),
                    .text(#"{"v":1,"type":"cmd","seq":2,"cmd":"changeRole","data":{"change":"add","role":"creator","room":"\#(uri)","principals":["sip:bob@contoso.com"]}}"#),
                    .text(#"{"v":1,"type":"cmd","seq":3,"cmd":"getRoleHolders","data":{"role":"creator","room":"\#(uri)"}}"#),
                    .text(#"{"v":1,"type":"cmd","seq":4,"cmd":"findPrincipalsForRole","data":{"role":"creator","room":"\#(uri)","search":"bob"}}"#),
                    .text(#"{"v":1,"type":"cmd","seq":5,"cmd":"findPrincipalsForRole","data":{"role":"member","room":"\#(uri)","search":"  "}}"#),
                    .await(count: 5),
                    .text(#"{"v":1,"type":"cmd","seq":6,"cmd":"terminate","data":{}}"#),
                ])
                for seq in 2...4 {
                    let error = RawClient.failure(transcript, seq: seq)
                    #expect(error?.code == .invalidArgument, "seq \(seq)")
                    #expect(error?.detail == .creatorNotAssignable, "seq \(seq)")
                }
                #expect(RawClient.failure(transcript, seq: 5)?.code == .invalidArgument)
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.alice])
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func groupsOUsAndDomainsHoldRoles(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(name: "group-room", parentCategoryUri: help)
                let support = try #require(try await management.findUsersOrGroupsForRole(.member, room: uri, search: "support").first)
                #expect(support.type == .directoryGroup)
                #expect(support.reference == E2EAPI.supportGroup)
                // Members: the Support group only (alice stays manager, but no longer a direct member).
                try await management.updateChatRoom(ChatRoomInformation(try await management.getChatRoom(uri)), members: [support])
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.supportGroup])
                let aliceSession = ChatRoomSession(endpoint: alice)
                try await aliceSession.join(uri: uri)
                let (_, echoSession) = try await server.join("echobot", "group-room")
                #expect(echoSession.canChat)
                let bob = try await server.connect("bob")
                let carol = try await server.connect("carol")
                for outsider in [bob, carol] {
                    expectRefusal(await chatError { try await ChatRoomSession(endpoint: outsider).join(uri: uri) }, .errorPermission, .membersOnly)
                }
                // An OU lets in everyone under it.
                try await management.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.staffOU])
                try await ChatRoomSession(endpoint: bob).join(uri: uri)
                try await ChatRoomSession(endpoint: carol).join(uri: uri)
                let members = try await management.getMembers(uri)
                #expect(members.map(\.principal.type) == [.directoryGroup, .directoryFolder])
                #expect(members.last?.principal.name == "Staff")

                // A domain lets in everyone in it.
                let other = try await management.createChatRoom(name: "domain-room", parentCategoryUri: help)
                try await management.addUsersOrGroupsToRole(.member, room: other, references: [E2EAPI.domain])
                #expect(try await management.getMembers(other).last?.principal.type == .domain)
                let echobot2 = try await server.connect("echobot")
                try await ChatRoomSession(endpoint: echobot2).join(uri: other)
                // A group holds the presenter role when it is a member.
                try await management.addUsersOrGroupsToRole(.presenter, room: uri, references: [E2EAPI.supportGroup])
                #expect(try await management.getPresenters(uri).map(\.principal.reference) == [E2EAPI.supportGroup])
            }
        }

        @Test func aJoinedUserWhoBecomesManagerIsAnnounced() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("promotion", in: help, members: [E2EAPI.bob]))
                let aliceSession = ChatRoomSession(endpoint: alice)
                try await aliceSession.join(uri: uri)
                let (bob, bobSession) = try await server.join("bob", "promotion")
                #expect(!bobSession.canManage)
                let aliceAtBob = bobSession.participants.first { $0.sipUri.value == E2EAPI.alice }
                #expect(aliceAtBob?.isManager == true)

                try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.bob])
                let atAlice = await first(aliceSession.events) { $0.e2ePrivilegeChange?.sipUri.value == E2EAPI.bob }?.e2ePrivilegeChange
                #expect(atAlice?.isManager == true)
                #expect(atAlice?.isPresenter == false)
                let atBob = await first(bobSession.events) { $0.e2ePrivilegeChange?.sipUri.value == E2EAPI.bob }?.e2ePrivilegeChange
                #expect(atBob?.isManager == true)
                let bobAtAlice = aliceSession.participants.first { $0.sipUri.value == E2EAPI.bob }
                #expect(bobAtAlice?.isManager == true)
                let managesAtLast = await eventually { bobSession.canManage }
                #expect(managesAtLast)
                // bob now manages: he can change the room.
                try await bob.persistentChatServices.chatRoomManagementServices.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.carol])

                try await management.removeUsersOrGroupsFromRole(.manager, room: uri, references: [E2EAPI.bob])
                let demoted = await first(aliceSession.events) { $0.e2ePrivilegeChange?.sipUri.value == E2EAPI.bob }?.e2ePrivilegeChange
                #expect(demoted?.isManager == false)
                let demotedAtLast = await eventually { !bobSession.canManage }
                #expect(demotedAtLast)
            }
        }

        @Test func removingAMemberAlsoRemovesTheirPresenterRole() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                var settings = ChatRoomSettings(name: "stage", parentCategoryUri: help)
                settings.isAuditorium = true
                settings.members = [E2EAPI.bob, E2EAPI.carol]
                let uri = try await management.createChatRoom(settings)
                expectRefusal(await chatError { try await management.addUsersOrGroupsToRole(.presenter, room: uri, references: [E2EAPI.echobot]) },
                              .presenterNotInMemList, .presenterNotMember)
                try await management.addUsersOrGroupsToRole(.presenter, room: uri, references: [E2EAPI.bob, E2EAPI.carol])
                let (_, bobSession) = try await server.join("bob", "stage")
                #expect(bobSession.canChat)
                try await management.removeUsersOrGroupsFromRole(.member, room: uri, references: [E2EAPI.bob])
                #expect(try await management.getPresenters(uri).map(\.principal.reference) == [E2EAPI.carol])
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.carol])
                let ended = await first(bobSession.events, within: 3) { $0.e2eIsTermination }
                expectRefusal(ended?.e2eTerminationReason, .errorPermission, .membershipRemoved)
                // Made a member again, bob is not a presenter any more.
                try await management.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.bob])
                let (_, back) = try await server.join("bob", "stage")
                #expect(!back.canChat)
            }
        }

        @Test func roleHoldersShowWhoGrantedThemAndWhen() async throws {
            try await withTestServer { server in
                let help = try await server.category("Help")
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                // Roles from the configuration have no grantor.
                let team = try await management.getChatRoom(named: "team").chatRoomUri
                let configured = try await management.getMembers(team)
                #expect(Set(configured.map(\.principal.reference)) == [E2EAPI.alice, E2EAPI.bob, E2EAPI.echobot])
                #expect(configured.map(\.addedBy) == ["", "", ""])
                #expect(configured.map(\.addedOn) == [0, 0, 0])

                let uri = try await management.createChatRoom(name: "audited", parentCategoryUri: help)
                let start = E2EAPI.nowMs - 1000
                try await management.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.bob])
                try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.carol])
                let end = E2EAPI.nowMs + 1000
                let membersNow = try await management.getMembers(uri)
                let bobFound = membersNow.first { $0.principal.reference == E2EAPI.bob }
                let bobEntry = try #require(bobFound)
                #expect(bobEntry.addedBy == E2EAPI.alice)
                #expect((start...end).contains(bobEntry.addedOn))
                #expect(bobEntry.principal.name == "Bob")
                #expect(bobEntry.principal.displayName == "Bob Tester")
                #expect(bobEntry.principal.adPath == "CN=Bob,OU=Staff,DC=contoso,DC=com")
                #expect(bobEntry.principal.uri?.value == E2EAPI.bob)
                let managersNow = try await management.getManagers(uri)
                let carolFound = managersNow.first { $0.principal.reference == E2EAPI.carol }
                let carolManager = try #require(carolFound)
                #expect(carolManager.addedBy == E2EAPI.alice)

                // carol, now a manager, replaces the member list: entries that stay keep their grantor.
                let carol = try await server.connect("carol")
                let carolManagement = carol.persistentChatServices.chatRoomManagementServices
                try await carolManagement.updateChatRoom(ChatRoomInformation(try await carolManagement.getChatRoom(uri)),
                                                         members: [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol].map(E2EAPI.principal))
                let members = try await carolManagement.getMembers(uri)
                let bobKept = members.first { $0.principal.reference == E2EAPI.bob }
                let carolAdded = members.first { $0.principal.reference == E2EAPI.carol }
                #expect(bobKept?.addedBy == E2EAPI.alice)
                #expect(bobKept?.addedOn == bobEntry.addedOn)
                #expect(carolAdded?.addedBy == E2EAPI.carol)
                #expect(try await carolManagement.getChatRoom(uri).changeHistory.updatedBy == E2EAPI.carol)
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func findUsersOrGroupsForRoleOffersEligiblePrincipals(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let categories = try await server.categories()
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                var settings = ChatRoomSettings(name: "eligible", parentCategoryUri: try #require(categories["Help"]))
                settings.members = [E2EAPI.bob]
                let uri = try await management.createChatRoom(settings)

                // Members and managers: anyone in the category's scope (not the disabled dave).
                let testers = try await management.findUsersOrGroupsForRole(.member, room: uri, search: "TESTER")
                #expect(testers.map(\.reference) == [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol])
                #expect(Set(testers.map(\.type)) == [.localUser])
                let bots = try await management.findUsersOrGroupsForRole(.manager, room: uri, search: "bot")
                #expect(Set(bots.map(\.reference)) == [E2EAPI.echobot, E2EAPI.botsOU])
                let botsFolder = bots.first { $0.reference == E2EAPI.botsOU }
                #expect(botsFolder?.type == .directoryFolder)
                // Presenters: the room's members only.
                let presenters = try await management.findUsersOrGroupsForRole(.presenter, room: uri, search: "tester")
                #expect(presenters.map(\.reference) == [E2EAPI.alice, E2EAPI.bob])

                // In Projects (OU=Staff), the bots are out of scope.
                let project = try await management.createChatRoom(name: "eligible-project", parentCategoryUri: try #require(categories["Projects"]))
                #expect(try await management.findUsersOrGroupsForRole(.member, room: project, search: "bot").isEmpty)
                #expect(try await management.findUsersOrGroupsForRole(.member, room: project, search: "support").map(\.reference)
                        == [E2EAPI.supportGroup])

                expectClientSideRefusal(await chatError { _ = try await management.findUsersOrGroupsForRole(.member, room: uri, search: "") })
                expectClientSideRefusal(await chatError { _ = try await management.findUsersOrGroupsForRole(.member, room: uri, search: "   ") })
                expectRefusal(await chatError {
                    _ = try await management.findUsersOrGroupsForRole(.member, room: uri, search: String(repeating: "s", count: 257))
                }, .invalidArgument, .tooLong)
                // A secret room bob cannot see.
                let bob = try await server.connect("bob")
                let secret = try await management.getChatRoom(named: "support-team").chatRoomUri
                expectRefusal(await chatError {
                    _ = try await bob.persistentChatServices.chatRoomManagementServices.findUsersOrGroupsForRole(.member, room: secret, search: "a")
                }, .noSuchNode, .noSuchRoom)
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func getCategoryUsersListsUsersInScopeByPrefix(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let categories = try await server.categories()
                let help = try #require(categories["Help"]), projects = try #require(categories["Projects"])
                let bob = try await server.connect("bob")
                let management = bob.persistentChatServices.chatRoomManagementServices
                // "b": Bob (given name) and Echo Bot (surname), in load order.
                #expect(try await management.getCategoryUsers(help, filter: "b", resultSize: 10).map(\.reference) == [E2EAPI.bob, E2EAPI.echobot])
                #expect(try await management.getCategoryUsers(projects, filter: "B", resultSize: 10).map(\.reference) == [E2EAPI.bob])
                #expect(try await management.getCategoryUsers(help, filter: "b", resultSize: 1).map(\.reference) == [E2EAPI.bob])
                #expect(try await management.getCategoryUsers(help, filter: "carol@", resultSize: 5).map(\.reference) == [E2EAPI.carol])
                // A prefix, not a substring; disabled users are left out.
                #expect(try await management.getCategoryUsers(help, filter: "ester", resultSize: 10).isEmpty)
                #expect(try await management.getCategoryUsers(help, filter: "dave", resultSize: 10).isEmpty)
                expectRefusal(await chatError { _ = try await management.getCategoryUsers(help, filter: "b", resultSize: 0) },
                              .invalidArgument, .invalidArgument)
                expectRefusal(await chatError {
                    _ = try await management.getCategoryUsers(CategoryURI(domain: "contoso.com", id: UUID()), filter: "b", resultSize: 5)
                }, .noSuchNode, .noSuchCategory)
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func getCategoryUsersLeavesOutUsersWhoCannotSignIn(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let help = try await server.category("Help")
                let bob = try await server.connect("bob")
                // The Configuration-partition user is refused at sign-in (identity.configurationPartition),
                // so it can never use the Creator role.
                let everyone = try await bob.persistentChatServices.chatRoomManagementServices.getCategoryUsers(help, filter: "", resultSize: 50)
                #expect(everyone.map(\.reference) == [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol, E2EAPI.echobot])
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func permissionsFollowRolesPrivacyAndBehavior(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let alice = try await server.connect("alice")
                let bob = try await server.connect("bob")
                let carol = try await server.connect("carol")
                let echobot = try await server.connect("echobot")
                let uris = Dictionary(uniqueKeysWithValues: try await alice.persistentChatServices.browseChatRoomsByCriteria("")
                    .map { ($0.name, $0.chatRoomUri) })
                func permissions(_ endpoint: PersistentChatEndpoint, _ room: String) async throws -> RoomPermissionMap {
                    try await endpoint.persistentChatServices.chatRoomManagementServices.getChatRoomPermissions(try #require(uris[room]))
                }
                let everything: RoomPermissionMap = [.canView, .canJoin, .canReadHistory, .canChat]
                #expect(try await permissions(alice, "help-desk") == everything.union(.canManageRoom))
                #expect(try await permissions(bob, "help-desk") == everything)
                #expect(try await permissions(echobot, "help-desk") == everything)
                #expect(try await permissions(bob, "team") == everything)
                #expect(try await permissions(carol, "team") == [.canView])
                #expect(try await permissions(bob, "announcements") == [.canView, .canJoin, .canReadHistory])
                #expect(try await permissions(alice, "announcements") == everything.union(.canAuditoriumChat))
                #expect(try await permissions(alice, "support-team") == everything)
                #expect(try await permissions(carol, "quiet") == everything)
                expectRefusal(await chatError { _ = try await permissions(bob, "support-team") }, .noSuchNode, .noSuchRoom)
                // A joined session's permissions are the same map.
                let session = ChatRoomSession(endpoint: bob)
                try await session.join(name: "announcements")
                #expect(session.permissions == [.canView, .canJoin, .canReadHistory])
            }
        }
    }
}

extension ManagementTests {
    /// `changeParentCategory`.
    @Suite struct ParentCategory {
        @Test func movingARoomNeedsTheCreatorRoleInTheTarget() async throws {
            try await withTestServer { server in
                let categories = try await server.categories()
                let help = try #require(categories["Help"]), projects = try #require(categories["Projects"])
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("mover", in: help, members: [E2EAPI.bob, E2EAPI.carol]))
                try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.bob])
                let room = try await management.getChatRoom(uri)

                let bob = try await server.connect("bob")
                expectRefusal(await chatError { try await bob.persistentChatServices.chatRoomManagementServices.changeParentCategory(room, to: projects) },
                              .errorPermission, .noCreateRights)
                let carol = try await server.connect("carol")
                expectRefusal(await chatError { try await carol.persistentChatServices.chatRoomManagementServices.changeParentCategory(room, to: projects) },
                              .errorPermission, .notManager)
                let root = try #require(alice.persistentChatServices.rootCategoryUri)
                expectRefusal(await chatError { try await management.changeParentCategory(room, to: root) }, .nodeHierarchyViolation, .rootCategory)
                expectRefusal(await chatError {
                    try await management.changeParentCategory(room, to: CategoryURI(domain: "contoso.com", id: UUID()))
                }, .noSuchNode, .noSuchCategory)
                // alice may not create in Unlogged either.
                expectRefusal(await chatError { try await management.changeParentCategory(room, to: try #require(categories["Unlogged"])) },
                              .errorPermission, .noCreateRights)
                #expect(try await management.getChatRoom(uri).parentCategoryUri == help)
            }
        }

        @Test(arguments: TestDirectoryKind.allCases)
        func movingARoomDropsRolesOutsideTheNewScope(directory: TestDirectoryKind) async throws {
            try await withTestServer(directory: directory) { server in
                let categories = try await server.categories()
                let help = try #require(categories["Help"]), projects = try #require(categories["Projects"])
                let alice = try await server.connect("alice")
                let management = alice.persistentChatServices.chatRoomManagementServices
                let uri = try await management.createChatRoom(E2EAPI.settings("migrant", in: help, members: [E2EAPI.bob, E2EAPI.echobot, E2EAPI.botsOU]))
                try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [E2EAPI.echobot])
                let aliceSession = ChatRoomSession(endpoint: alice)
                try await aliceSession.join(uri: uri)
                let (_, echoSession) = try await server.join("echobot", "migrant")

                try await management.changeParentCategory(try await management.getChatRoom(uri), to: projects)
                let moved = try await management.getChatRoom(uri)
                #expect(moved.parentCategoryUri == projects)
                #expect(moved.parentCategoryName == "Projects")
                #expect(try await management.getMembers(uri).map(\.principal.reference) == [E2EAPI.alice, E2EAPI.bob])
                #expect(try await management.getManagers(uri).map(\.principal.reference) == [E2EAPI.alice])
                #expect(try await alice.persistentChatServices.browseChatRoomsByCategoryUri(projects).map(\.name) == ["migrant"])
                let leftBehind = try await alice.persistentChatServices.browseChatRoomsByCategoryUri(help).map(\.name)
                #expect(!leftBehind.contains("migrant"))

                // echobot, now out of scope, is put out of the room.
                let ended = await first(echoSession.events, within: 3) { $0.e2eIsTermination }
                #expect(ended != nil, "echobot's session did not end")
                #expect(ended?.e2eTerminationReason?.code == .errorPermission)
                let change = await first(aliceSession.events) { $0.e2eProperties != nil }?.e2eProperties
                #expect(change?.old == ["category": help.description])
                #expect(change?.new == ["category": projects.description])
                #expect(aliceSession.parentCategoryUri == projects)
            }
        }
    }
}

extension ManagementTests {
    /// Rooms over the participant update limit.
    @Suite struct LargeRooms {
        @Test func aRoomOverTheParticipantUpdateLimitHidesItsRoster() async throws {
            var limits = ServerLimits()
            limits.participantUpdateLimit = 2
            try await withTestServer(limits: limits) { server in
                let (_, aliceSession) = try await server.join("alice", "help-desk")
                let (_, bobSession) = try await server.join("bob", "help-desk")
                #expect(!aliceSession.isRosterHidden && !bobSession.isRosterHidden)
                // Up to the limit, joins are announced.
                let bobJoined = await first(aliceSession.events) { $0.e2eAttendance?.participant.sipUri.value == E2EAPI.bob }
                #expect(bobJoined?.e2eAttendance?.isActive == true)
                #expect(bobSession.participants.map(\.sipUri.value) == [E2EAPI.alice, E2EAPI.bob])

                // The third joiner gets no roster and nobody hears about the join.
                let (_, carolSession) = try await server.join("carol", "help-desk")
                #expect(carolSession.isRosterHidden)
                #expect(carolSession.participants.isEmpty)
                let id = try await carolSession.sendChatMessage("anyone here?")
                for session in [aliceSession, bobSession] {
                    let delivered = await first(session.messages) { $0.messageId == id }
                    #expect(delivered != nil)
                    #expect(!session.participants.map(\.sipUri.value).contains(E2EAPI.carol))
                }
                let everyone = [E2EAPI.alice, E2EAPI.bob, E2EAPI.carol]
                #expect(try await carolSession.getHiddenParticipantList().map(\.sipUri.value).sorted() == everyone)
                #expect(try await aliceSession.getHiddenParticipantList().map(\.sipUri.value).sorted() == everyone)
                let hidden = try await aliceSession.getHiddenParticipantList()
                let aliceInHidden = hidden.first { $0.sipUri.value == E2EAPI.alice }
                #expect(aliceInHidden?.isManager == true)
                let carolNotice = await first(bobSession.events, within: 0.5) { $0.e2eAttendance?.participant.sipUri.value == E2EAPI.carol }
                #expect(carolNotice == nil)
                // Not joined: nothing to ask.
                let stranger = ChatRoomSession(endpoint: try await server.connect("echobot"))
                let notJoined = await chatError { _ = try await stranger.getHiddenParticipantList() }
                #expect(notJoined?.kind == .invalidState)

                // Below 80 % of the limit the roster is kept again: the next joiner gets it and is announced.
                try await bobSession.leave()
                try await carolSession.leave()
                try await stranger.join(name: "help-desk")
                #expect(!stranger.isRosterHidden)
                #expect(stranger.participants.map(\.sipUri.value) == [E2EAPI.alice, E2EAPI.echobot])
                let echoJoined = await first(aliceSession.events) { $0.e2eAttendance?.participant.sipUri.value == E2EAPI.echobot }
                #expect(echoJoined?.e2eAttendance?.isActive == true)
            }
        }
    }
}
