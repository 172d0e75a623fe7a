import BotKit
import Bots
import Foundation
import PersistentChat
import Testing
import YAMLConfig

/// Rooms joined through invitations: accepted or declined by inviter, room and category; served by host.yaml's
/// `invitations.bots`; remembered across a restart.
@Suite struct BotInvitationTests {
    static let policy = """
        invitations:
          accept: true
          from: ["sip:alice@contoso.com"]
          rooms: ["plan*"]
          categories: [Help]
          bots:
            - type: echo
            - type: greeter
              probe: invited
        """

    @Test func anAcceptedInvitationIsServedAndRememberedADeclinedOneIsNot() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom], hostYAML: Self.policy)
            let alice = try await server.connect("alice")
            let planning = ChatRoomSession(endpoint: alice)
            try await fixture.withHost(registry: BotEventTests.registry) { host in
                let management = alice.persistentChatServices.chatRoomManagementServices
                let help = try #require(try await management.findCategoriesWithCreateRights().first { $0.name == "Help" })
                // The host considers an endpoint's invitations one at a time, in order: by the time it has joined
                // "planning", it has settled the invitation to "ops-room", made before.
                for name in ["ops-room", "planning"] {
                    var settings = ChatRoomSettings(name: name, parentCategoryUri: help.uri)
                    settings.members = ["sip:echobot@contoso.com"]
                    _ = try await management.createChatRoom(settings)
                }
                #expect(await eventually { await host.joinedRooms == ["help-desk", "planning"] })
                try await planning.join(name: "planning")
                let messages = planning.messages
                try await planning.sendChatMessage("!echo in an invited room")
                #expect(await first(messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" && $0.messageContent == "in an invited room" } != nil)
                #expect(EventLog.shared.events("invited").contains(.invitationAccepted(inviter: SIPURI("sip:alice@contoso.com"))))
                // "ops-room" is not a plan* room: declined, and not joined later either.
                #expect(await host.joinedRooms == ["help-desk", "planning"])
            }

            try await planning.sendChatMessage("!echo while away")
            try await fixture.withHost(registry: BotEventTests.registry) { host in
                #expect(await host.joinedRooms == ["help-desk", "planning"])
                let counts = try await RoomTranscript.settledCounts(in: planning, by: "sip:echobot@contoso.com") { $0["while away"] != nil }
                // (The greeter also welcomed Alice.)
                #expect(counts.filter { !$0.key.hasPrefix("welcome") } == ["in an invited room": 1, "while away": 1])
            }
        }
    }

    @Test(arguments: [
        ("invitations:\n  accept: true\n  from: ['sip:*@contoso.com']\n", "invitations.bots", "list the bots"),
        ("invitations:\n  accept: true\n  from: ['alice']\n  bots: [{type: echo}]\n", "invitations.from[0]", "expected a sip: URI pattern"),
        ("invitations:\n  accept: true\n  from: ['sip:*@contoso.com']\n  bots: [{type: ecko}]\n", "invitations.bots[0].type", "unknown bot type 'ecko'"),
        ("invitations:\n  accept: true\n  from: ['sip:*@contoso.com']\n  bots: [{type: echo, command: 'a b'}]\n", "invitations.bots[0].command", "is not a command name"),
        ("invitations:\n  accept: true\n  categorys: []\n", "invitations.categorys", "unknown key"),
    ])
    func aBadInvitationsKeyIsNamed(yaml: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": BotHostTests.echoRoom], hostYAML: yaml)
            fixture.expectRefusal(inFile: "host.yaml", key: key, reason: reason)
        }
    }
}
