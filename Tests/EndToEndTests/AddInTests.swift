import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// Add-ins (Lync `PersistentChatAddIn`): registered in server.yaml, listed to everyone, shown with the rooms that name
/// them, set and removed by the rooms' managers, found by name among the rooms the caller may see, and reloaded with
/// server.yaml.
@Suite(.serialized) struct AddInTests {
    static let runbook = AddInDefinition(name: "Runbook", url: "https://runbook.contoso.com/pane")
    static let metrics = AddInDefinition(name: "Metrics", url: "https://metrics.contoso.com/")

    /// Both add-ins registered; `team` (closed) and `support-team` (secret, the Support group) name Runbook.
    static func withAddIns(_ configuration: inout ServerConfiguration) {
        configuration.addIns = [runbook, metrics]
        for index in configuration.rooms.indices where ["team", "support-team"].contains(configuration.rooms[index].name) {
            configuration.rooms[index].addIn = "Runbook"
        }
    }

    static func room(_ name: String, in snapshots: [ChatRoomSnapshot]) throws -> ChatRoomSnapshot {
        try #require(snapshots.first { $0.name == name }, "\(name) is among \(snapshots.map(\.name))")
    }

    @Test func everyoneListsTheRegisteredAddInsWithIdsStableForTheirNames() async throws {
        try await withTestServer(configure: Self.withAddIns) { server in
            let addIns = try await server.connect("bob").persistentChatServices.getAllAddIns()
            #expect(addIns.map(\.name) == ["Runbook", "Metrics"])
            #expect(addIns.map(\.url) == ["https://runbook.contoso.com/pane", "https://metrics.contoso.com/"])
            let ids = addIns.map(\.id)
            #expect(ids.allSatisfy { UUID(uuidString: $0) != nil && $0 == $0.lowercased() }, "\(ids)")
            #expect(Set(ids).count == 2)
            // The id follows the name, whatever its case or URL.
            let sameName = AddInDefinition(name: "RUNBOOK", url: "https://elsewhere.contoso.com/")
            #expect(ids.first == sameName.id.uuidString.lowercased())
        }
    }

    @Test func aRoomShowsItsAddInWhereverItIsDescribed() async throws {
        try await withTestServer(configure: Self.withAddIns) { server in
            let alice = try await server.connect("alice")
            let services = alice.persistentChatServices
            let snapshots = try await services.browseChatRoomsByCriteria("t")
            let team = try Self.room("team", in: snapshots).addIn
            #expect(team?.name == "Runbook" && team?.url == Self.runbook.url && team?.id == Self.runbook.id.uuidString.lowercased())
            #expect(try Self.room("help-desk", in: try await services.browseChatRoomsByCriteria("help")).addIn == nil)
            let management = services.chatRoomManagementServices
            #expect(try await management.getChatRoom(named: "team").addIn?.name == "Runbook")
            #expect(try await management.getChatRoom(named: "help-desk").addIn == nil)
            let session = ChatRoomSession(endpoint: alice)
            try await session.join(name: "team")
            #expect(session.addIn?.url == Self.runbook.url)
        }
    }

    @Test func managersSetAndRemoveTheAddInAndUnknownNamesAreRefused() async throws {
        try await withTestServer(configure: Self.withAddIns) { server in
            let alice = try await server.connect("alice")
            let services = alice.persistentChatServices
            let management = services.chatRoomManagementServices
            let addIns = try await services.getAllAddIns()
            let metrics = try #require(addIns.first { $0.name == "Metrics" })
            let (_, watcher) = try await server.join("bob", "help-desk")
            let events = watcher.events

            // alice manages help-desk.
            var information = ChatRoomInformation(try await management.getChatRoom(named: "help-desk"))
            information.addIn = metrics
            try await management.updateChatRoom(information)
            #expect(try await management.getChatRoom(named: "help-desk").addIn == metrics)
            let changed = await first(events) { event in
                if case .propertiesChanged(_, let new) = event { return new["addIn"] == "Metrics" }
                return false
            }
            #expect(changed != nil, "joined sessions hear of the new add-in")
            #expect(await eventually { watcher.addIn == metrics })

            information.addIn = nil
            try await management.updateChatRoom(information)
            #expect(try await management.getChatRoom(named: "help-desk").addIn == nil)

            // An unknown name, at creation and at an update.
            information.addIn = PersistentChatAddIn(id: metrics.id, name: "Nope", url: metrics.url)
            expectRefusal(await chatError { try await management.updateChatRoom(information) }, .invalidArgument, .noSuchAddIn)
            let category = try #require(try await management.findCategoriesWithCreateRights().first { $0.name == "Help" })
            var settings = ChatRoomSettings(name: "runbooks", parentCategoryUri: category.uri)
            settings.addIn = information.addIn
            expectRefusal(await chatError { _ = try await management.createChatRoom(settings) }, .invalidArgument, .noSuchAddIn)
            // A known one, named in another case, is stored as registered.
            settings.addIn = PersistentChatAddIn(id: "", name: "mEtRiCs", url: "")
            let created = try await management.createChatRoom(settings)
            #expect(try await management.getChatRoom(created).addIn == metrics)

            // Only managers change it.
            let bobsManagement = try await server.connect("bob").persistentChatServices.chatRoomManagementServices
            var bobs = ChatRoomInformation(try await bobsManagement.getChatRoom(named: "team"))
            bobs.addIn = nil
            expectRefusal(await chatError { try await bobsManagement.updateChatRoom(bobs) }, .errorPermission, .notManager)
        }
    }

    @Test func findingRoomsByAddInShowsOnlyTheRoomsTheCallerMaySee() async throws {
        try await withTestServer(configure: Self.withAddIns) { server in
            // alice is in the Support group, to which support-team (secret) belongs; bob is not.
            let alice = try await server.connect("alice").persistentChatServices
            #expect(try await alice.findChatRoomsUsingAddIn("Runbook").map(\.name) == ["support-team", "team"])
            #expect(try await alice.findChatRoomsUsingAddIn("runbook").map(\.name) == ["support-team", "team"])
            #expect(try await alice.findChatRoomsUsingAddIn("Metrics").isEmpty)
            let bob = try await server.connect("bob").persistentChatServices
            #expect(try await bob.findChatRoomsUsingAddIn("Runbook").map(\.name) == ["team"])
            expectRefusal(await chatError { _ = try await bob.findChatRoomsUsingAddIn("Nope") }, .noSuchNode, .noSuchAddIn)
        }
    }

    @Test func anAddInRemovedAtAReloadLeavesItsRoomsWithoutOne() async throws {
        try await withTestFolder { folder in
            let path = folder.appendingPathComponent("server.yaml").path
            let ldif = try TestServer.configuration(folder: folder).ldifFile
            func yaml(addIns: String, teamAddIn: String, webClient: String = "") -> String {
                """
                domain: contoso.com
                listen: 127.0.0.1:0
                data: \(folder.appendingPathComponent("data").path)
                directory: {ldif: \(ldif)}
                system_users: ["sip:carol@contoso.com"]
                categories:
                  - {name: Help, scope: ["DC=contoso,DC=com"], creators: ["sip:alice@contoso.com"]}
                rooms:
                  - {name: team, category: Help, members: ["sip:alice@contoso.com", "sip:bob@contoso.com"]\(teamAddIn)}
                \(addIns)\(webClient)
                """
            }
            let registered = "add_ins:\n  - {name: Runbook, url: \"https://runbook.contoso.com/pane\"}\n"
            try yaml(addIns: registered, teamAddIn: ", add_in: RUNBOOK").write(toFile: path, atomically: true, encoding: .utf8)
            try await withTestServer(folder: folder, configure: { $0 = try ServerConfigurationLoader.load(path: path) }) { server in
                let alice = try await server.connect("alice")
                let services = alice.persistentChatServices
                let management = services.chatRoomManagementServices
                #expect(try await management.getChatRoom(named: "team").addIn?.name == "Runbook")
                let category = try #require(try await management.findCategoriesWithCreateRights().first)
                var settings = ChatRoomSettings(name: "ops-notes", parentCategoryUri: category.uri)
                settings.addIn = try await services.getAllAddIns().first
                let created = try await management.createChatRoom(settings)

                // Runbook is no longer registered (team, which the file owns, no longer names it).
                try yaml(addIns: "add_ins: []\n", teamAddIn: "").write(toFile: path, atomically: true, encoding: .utf8)
                #expect(await server.server.reloadConfiguration() == .applied(rooms: 2))
                #expect(try await services.getAllAddIns().isEmpty)
                #expect(try await management.getChatRoom(created).addIn == nil)
                #expect(try await management.getChatRoom(named: "team").addIn == nil)
                #expect(try await services.browseChatRoomsByCriteria("ops").first?.addIn == nil)
                expectRefusal(await chatError { _ = try await services.findChatRoomsUsingAddIn("Runbook") }, .noSuchNode, .noSuchAddIn)
                // A manager changing something else meanwhile leaves the name as it is.
                var information = ChatRoomInformation(try await management.getChatRoom(created))
                information.description = "changed while Runbook was away"
                try await management.updateChatRoom(information)

                // Registered again: the room kept its name, and shows it again.
                try yaml(addIns: registered, teamAddIn: "").write(toFile: path, atomically: true, encoding: .utf8)
                #expect(await server.server.reloadConfiguration() == .applied(rooms: 2))
                #expect(try await services.getAllAddIns().map(\.name) == ["Runbook"])
                #expect(try await management.getChatRoom(created).addIn?.name == "Runbook")
                #expect(try await management.getChatRoom(named: "team").addIn == nil)

                // A room naming an add-in that is not registered, or a restart-only change, is refused whole.
                try yaml(addIns: "", teamAddIn: ", add_in: Runbook").write(toFile: path, atomically: true, encoding: .utf8)
                guard case .refused(let reason) = await server.server.reloadConfiguration() else {
                    Issue.record("a room naming an unregistered add-in was applied")
                    return
                }
                #expect(reason.contains("rooms[0].add_in") && reason.contains("no add-in named 'Runbook'"), "\(reason)")
                try yaml(addIns: registered, teamAddIn: "", webClient: "web_client: {enabled: false}\n")
                    .write(toFile: path, atomically: true, encoding: .utf8)
                guard case .refused(let restart) = await server.server.reloadConfiguration() else {
                    Issue.record("web_client.enabled was reloaded")
                    return
                }
                #expect(restart.contains("web_client.enabled"), "\(restart)")
            }
        }
    }
}
