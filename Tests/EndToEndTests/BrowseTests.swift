import Foundation
import PersistentChat
import Testing

/// Every browse variant over real sockets: what each caller sees, filters, limits, and that secret rooms never leak.
@Suite struct BrowseTests {
    @Test func browseByCriteriaMatchesNamesAndDescriptions() async throws {
        try await withTestServer { server in
            let bob = try await server.connect("bob")
            let services = bob.persistentChatServices
            func names(_ criteria: String, description: Bool = false, all: Bool = false, exact: Bool = false, max: Int = -1) async throws -> [String] {
                try await services.browseChatRoomsByCriteria(criteria, searchDescription: description, matchAll: all,
                                                             matchExactPhrase: exact, maxResults: max).map(\.name)
            }
            #expect(try await names("") == ["announcements", "help-desk", "quiet", "team"])
            #expect(try await names("", max: 2) == ["announcements", "help-desk"])
            #expect(try await names("HELP team") == ["help-desk", "team"])
            #expect(try await names("help desk", all: true) == ["help-desk"])
            #expect(try await names("help team", all: true).isEmpty)
            #expect(try await names("closed") == [])
            #expect(try await names("closed", description: true) == ["team"])
            #expect(try await names("desk help", exact: true).isEmpty)
            #expect(try await names("p-d", exact: true) == ["help-desk"])

            _ = try await server.join("alice", "help-desk")
            let helpDesk = try #require(try await services.browseChatRoomsByCriteria("help-desk", matchExactPhrase: true).first)
            #expect(helpDesk.description == "open help")
            #expect(helpDesk.parentCategoryName == "Help")
            #expect(helpDesk.privacy == .open && helpDesk.behavior == .normal && !helpDesk.isAuditorium)
            #expect(helpDesk.numberOfParticipants == 1)
            #expect(helpDesk.summary.chatRoomUri == helpDesk.chatRoomUri)
            let announcements = try #require(try await services.browseChatRoomsByCriteria("announcements").first)
            #expect(announcements.isAuditorium)
            expectRefusal(await chatError { _ = try await services.browseChatRoomsByCriteria(String(repeating: "c", count: 257)) },
                          .invalidArgument, .tooLong)
        }
    }

    @Test func browseByFilterCriteriaAppliesEveryFilterGiven() async throws {
        try await withTestServer { server in
            let categories = try await server.categories()
            let help = try #require(categories["Help"]), unlogged = try #require(categories["Unlogged"])
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            var noInvites = ChatRoomSettings(name: "no-invites", parentCategoryUri: help)
            noInvites.sendInvitationsToMembers = .false
            _ = try await management.createChatRoom(noInvites)
            _ = try await management.createChatRoom(name: "support-corner", parentCategoryUri: try #require(categories["Support Only"]))
            var retired = ChatRoomSettings(name: "retired", parentCategoryUri: help)
            retired.isDisabled = true
            _ = try await management.createChatRoom(retired)
            let bob = try await server.connect("bob")

            func names(_ endpoint: PersistentChatEndpoint, _ filter: BrowseFilterRequest) async throws -> [String] {
                try await endpoint.persistentChatServices.browseChatRoomsByFilterCriteria(filter).map(\.name)
            }
            let everything = ["announcements", "help-desk", "no-invites", "quiet", "support-corner", "support-team", "team"]
            #expect(try await names(alice, BrowseFilterRequest()) == everything)
            #expect(try await names(bob, BrowseFilterRequest()) == ["announcements", "help-desk", "no-invites", "quiet", "team"])
            // Role filters name the principal as it is listed in the role.
            #expect(try await names(alice, BrowseFilterRequest(member: E2EAPI.bob)) == ["team"])
            #expect(try await names(alice, BrowseFilterRequest(member: E2EAPI.supportGroup)) == ["help-desk", "support-team"])
            #expect(try await names(bob, BrowseFilterRequest(member: E2EAPI.supportGroup)) == ["help-desk"])
            #expect(try await names(bob, BrowseFilterRequest(manager: E2EAPI.alice)) == ["help-desk", "no-invites"])
            #expect(try await names(alice, BrowseFilterRequest(category: unlogged)) == ["quiet"])
            #expect(try await names(alice, BrowseFilterRequest(privacy: .secret)) == ["support-team"])
            #expect(try await names(bob, BrowseFilterRequest(privacy: .secret)).isEmpty)
            #expect(try await names(bob, BrowseFilterRequest(behavior: .auditorium)) == ["announcements"])
            #expect(try await names(bob, BrowseFilterRequest(searchTerms: "help")) == ["help-desk"])
            #expect(try await names(bob, BrowseFilterRequest(searchTerms: "closed room", searchDescription: true)) == ["team"])
            #expect(try await names(bob, BrowseFilterRequest(searchTerms: "closed room")).isEmpty)
            #expect(try await names(alice, BrowseFilterRequest(category: help, privacy: .closed)) == ["no-invites", "team"])
            #expect(try await names(alice, BrowseFilterRequest(category: help, maxResults: 2)) == ["announcements", "help-desk"])
            #expect(try await names(alice, BrowseFilterRequest(maxResults: -1)) == everything)

            // Invitations: matched only with searchInvitations.
            #expect(try await names(alice, BrowseFilterRequest(invitations: false, searchInvitations: true)) == ["no-invites", "support-corner"])
            #expect(try await names(bob, BrowseFilterRequest(invitations: false, searchInvitations: true)) == ["no-invites"])
            #expect(try await names(alice, BrowseFilterRequest(invitations: true, searchInvitations: true))
                    == ["announcements", "help-desk", "quiet", "support-team", "team"])
            #expect(try await names(alice, BrowseFilterRequest(invitations: false)) == everything)

            // Disabled rooms: to their managers, and only when asked.
            #expect(try await names(alice, BrowseFilterRequest(disabled: true)) == ["retired"])
            #expect(try await names(bob, BrowseFilterRequest(disabled: true)).isEmpty)
            #expect(try await names(alice, BrowseFilterRequest(searchTerms: "retired")).isEmpty)

            expectRefusal(await chatError { _ = try await names(alice, BrowseFilterRequest(category: CategoryURI(domain: "contoso.com", id: UUID()))) },
                          .noSuchNode, .noSuchCategory)
            expectRefusal(await chatError { _ = try await names(alice, BrowseFilterRequest(member: "not a principal")) },
                          .invalidArgument, .invalidArgument)
            expectRefusal(await chatError { _ = try await names(alice, BrowseFilterRequest(searchTerms: String(repeating: "t", count: 257))) },
                          .invalidArgument, .tooLong)
        }
    }

    @Test func browseByCategoryListsTheRoomsTheCallerMaySee() async throws {
        try await withTestServer { server in
            let categories = try await server.categories()
            let help = try #require(categories["Help"]), supportOnly = try #require(categories["Support Only"])
            let alice = try await server.connect("alice")
            _ = try await alice.persistentChatServices.chatRoomManagementServices.createChatRoom(name: "support-corner", parentCategoryUri: supportOnly)
            let bob = try await server.connect("bob")
            #expect(try await bob.persistentChatServices.browseChatRoomsByCategoryUri(help).map(\.name) == ["announcements", "help-desk", "team"])
            #expect(try await alice.persistentChatServices.browseChatRoomsByCategoryUri(help).map(\.name)
                    == ["announcements", "help-desk", "support-team", "team"])
            #expect(try await bob.persistentChatServices.browseChatRoomsByCategoryUri(help, maxResults: 1).map(\.name) == ["announcements"])
            #expect(try await bob.persistentChatServices.browseChatRoomsByCategoryUri(try #require(categories["Unlogged"])).map(\.name) == ["quiet"])
            // A category bob is out of the scope of shows him nothing.
            #expect(try await alice.persistentChatServices.browseChatRoomsByCategoryUri(supportOnly).map(\.name) == ["support-corner"])
            #expect(try await bob.persistentChatServices.browseChatRoomsByCategoryUri(supportOnly).isEmpty)
            let summaries = try await bob.persistentChatServices.chatRoomManagementServices.findChatRoomsByParentCategory(help)
            #expect(summaries.map(\.name) == ["announcements", "help-desk", "team"])
            let teamSummary = summaries.first { $0.name == "team" }
            #expect(teamSummary?.description == "closed team room")
            let nowhere = CategoryURI(domain: "contoso.com", id: UUID())
            expectRefusal(await chatError { _ = try await bob.persistentChatServices.browseChatRoomsByCategoryUri(nowhere) }, .noSuchNode, .noSuchCategory)
            expectRefusal(await chatError { _ = try await bob.persistentChatServices.chatRoomManagementServices.findChatRoomsByParentCategory(nowhere) },
                          .noSuchNode, .noSuchCategory)
        }
    }

    @Test func browseByJoinedUserNeverRevealsARoomTheCallerCannotSee() async throws {
        try await withTestServer { server in
            let (alice, helpDesk) = try await server.join("alice", "help-desk")
            try await ChatRoomSession(endpoint: alice).join(name: "support-team")
            let aliceURI = try #require(SIPURI(E2EAPI.alice))
            let bob = try await server.connect("bob")
            let carol = try await server.connect("carol")
            let echobot = try await server.connect("echobot")
            #expect(try await bob.persistentChatServices.browseChatRoomsByJoinedUser(aliceURI).map(\.name) == ["help-desk"])
            // Not even a system user sees a secret room they are no member of.
            #expect(try await carol.persistentChatServices.browseChatRoomsByJoinedUser(aliceURI).map(\.name) == ["help-desk"])
            #expect(try await echobot.persistentChatServices.browseChatRoomsByJoinedUser(aliceURI).map(\.name) == ["help-desk", "support-team"])
            #expect(try await alice.persistentChatServices.browseChatRoomsByJoinedUser(aliceURI).map(\.name) == ["help-desk", "support-team"])
            #expect(try await bob.persistentChatServices.browseChatRoomsByJoinedUser(aliceURI).first?.numberOfParticipants == 1)
            #expect(try await bob.persistentChatServices.browseChatRoomsByJoinedUser(try #require(SIPURI(E2EAPI.bob))).isEmpty)
            #expect(try await bob.persistentChatServices.browseChatRoomsByJoinedUser(try #require(SIPURI("sip:nobody@contoso.com"))).isEmpty)
            try await helpDesk.leave()
            #expect(try await bob.persistentChatServices.browseChatRoomsByJoinedUser(aliceURI).isEmpty)
        }
    }

    @Test func myRoomsAndRoomsIManage() async throws {
        try await withTestServer { server in
            let help = try await server.category("Help")
            let alice = try await server.connect("alice")
            let bob = try await server.connect("bob")
            let carol = try await server.connect("carol")
            let echobot = try await server.connect("echobot")
            // Membership counts through groups.
            #expect(try await alice.persistentChatServices.browseMyChatRooms().map(\.name) == ["announcements", "help-desk", "support-team", "team"])
            #expect(try await alice.persistentChatServices.browseMyChatRooms(maxResults: 2).map(\.name) == ["announcements", "help-desk"])
            #expect(try await bob.persistentChatServices.browseMyChatRooms().map(\.name) == ["team"])
            #expect(try await echobot.persistentChatServices.browseMyChatRooms().map(\.name) == ["help-desk", "support-team", "team"])
            #expect(try await carol.persistentChatServices.browseMyChatRooms().isEmpty)

            #expect(try await alice.persistentChatServices.browseChatRoomsIManage().map(\.name) == ["help-desk"])
            #expect(try await bob.persistentChatServices.browseChatRoomsIManage().isEmpty)
            let management = alice.persistentChatServices.chatRoomManagementServices
            _ = try await management.createChatRoom(name: "alice-made", parentCategoryUri: help)
            #expect(try await alice.persistentChatServices.browseChatRoomsIManage().map(\.name) == ["alice-made", "help-desk"])
            #expect(try await alice.persistentChatServices.browseChatRoomsIManage(maxResults: 1).map(\.name) == ["alice-made"])
            // A manager who is not a member: managed, not "mine".
            let closed = try await management.createChatRoom(name: "closed-by-bob", parentCategoryUri: help)
            try await management.addUsersOrGroupsToRole(.manager, room: closed, references: [E2EAPI.bob])
            #expect(try await bob.persistentChatServices.browseChatRoomsIManage().map(\.name) == ["closed-by-bob"])
            #expect(try await bob.persistentChatServices.browseMyChatRooms().map(\.name) == ["team"])
            // A secret room is found by its members only, managers included (docs/architecture.md); its manager still
            // manages it by URI.
            var settings = ChatRoomSettings(name: "secret-by-bob", parentCategoryUri: help)
            settings.visibleOnlyToMembers = true
            let secret = try await management.createChatRoom(settings)
            try await management.addUsersOrGroupsToRole(.manager, room: secret, references: [E2EAPI.bob])
            #expect(try await bob.persistentChatServices.browseChatRoomsIManage().map(\.name) == ["closed-by-bob"])
            let bobManagement = bob.persistentChatServices.chatRoomManagementServices
            #expect(try await bobManagement.getChatRoom(secret).name == "secret-by-bob")
            try await bobManagement.addUsersOrGroupsToRole(.member, room: secret, references: [E2EAPI.bob])
            #expect(try await bob.persistentChatServices.browseChatRoomsIManage().map(\.name) == ["closed-by-bob", "secret-by-bob"])
            #expect(try await bob.persistentChatServices.browseMyChatRooms().map(\.name) == ["secret-by-bob", "team"])
            #expect(try await carol.persistentChatServices.browseChatRoomsIManage().isEmpty)
        }
    }

    @Test func secretRoomsNeverLeakToNonMembers() async throws {
        try await withTestServer { server in
            let categories = try await server.categories()
            let help = try #require(categories["Help"]), projects = try #require(categories["Projects"])
            let (alice, _) = try await server.join("alice", "support-team")
            let aliceServices = alice.persistentChatServices
            let secret = try await aliceServices.chatRoomManagementServices.getChatRoom(named: "support-team").chatRoomUri
            // A second secret room, in Projects, with carol as its member.
            var settings = ChatRoomSettings(name: "skunkworks", parentCategoryUri: projects)
            settings.visibleOnlyToMembers = true
            settings.members = [E2EAPI.carol]
            let skunkworks = try await aliceServices.chatRoomManagementServices.createChatRoom(settings)
            let missing = ChatRoomURI(domain: "contoso.com", id: UUID())
            let aliceURI = try #require(SIPURI(E2EAPI.alice))

            let bob = try await server.connect("bob")
            let carol = try await server.connect("carol")
            for (outsider, hidden) in [(bob, [secret, skunkworks]), (carol, [secret])] {
                let services = outsider.persistentChatServices
                let management = services.chatRoomManagementServices
                var seen: [ChatRoomSnapshot] = []
                seen += try await services.browseChatRoomsByCriteria("")
                seen += try await services.browseChatRoomsByCriteria("support skunk")
                seen += try await services.browseChatRoomsByFilterCriteria(BrowseFilterRequest())
                seen += try await services.browseChatRoomsByFilterCriteria(BrowseFilterRequest(privacy: .secret))
                seen += try await services.browseChatRoomsByFilterCriteria(BrowseFilterRequest(member: E2EAPI.supportGroup))
                seen += try await services.browseChatRoomsByFilterCriteria(BrowseFilterRequest(disabled: true))
                seen += try await services.browseChatRoomsByCategoryUri(help)
                seen += try await services.browseChatRoomsByCategoryUri(projects)
                seen += try await services.browseChatRoomsByJoinedUser(aliceURI)
                seen += try await services.browseMyChatRooms()
                seen += try await services.browseChatRoomsIManage()
                seen += try await services.browseChatRoomsByInvitations(since: 0).invitations.map(\.chatRoomSnapshot)
                let leaked = Set(seen.map(\.chatRoomUri)).intersection(hidden)
                #expect(leaked.isEmpty, "\(outsider.user?.uri.value ?? "?") saw a secret room")
                let summaries = try await management.findChatRoomsByParentCategory(help) + management.findChatRoomsByParentCategory(projects)
                #expect(Set(summaries.map(\.chatRoomUri)).intersection(hidden).isEmpty)

                // Every direct access answers exactly like a room that does not exist.
                for uri in hidden + [missing] {
                    let refusals: [PersistentChatError?] = [
                        await chatError { _ = try await management.getChatRoom(uri) },
                        await chatError { _ = try await management.getChatRoomPermissions(uri) },
                        await chatError { _ = try await management.getMembers(uri) },
                        await chatError { _ = try await management.getManagers(uri) },
                        await chatError { _ = try await management.getPresenters(uri) },
                        await chatError { _ = try await management.findUsersOrGroupsForRole(.member, room: uri, search: "a") },
                        await chatError { try await management.addUsersOrGroupsToRole(.member, room: uri, references: [E2EAPI.bob]) },
                        await chatError { _ = try await services.queryChatHistory([uri], searchString: "") },
                        await chatError { _ = try await services.getRecentChatHistory(room: .uri(uri), count: 5) },
                        await chatError { try await ChatRoomSession(endpoint: outsider).join(uri: uri) },
                    ]
                    for refusal in refusals { expectRefusal(refusal, .noSuchNode, .noSuchRoom) }
                }
                expectRefusal(await chatError { _ = try await management.getChatRoom(named: "support-team") }, .noSuchNode, .noSuchRoom)
            }
            // carol, a member of skunkworks, sees it.
            #expect(try await carol.persistentChatServices.browseChatRoomsByCriteria("skunk").map(\.chatRoomUri) == [skunkworks])
        }
    }
}
