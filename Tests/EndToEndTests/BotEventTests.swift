import BotKit
import Bots
import Foundation
import PersistentChat
import Testing
import YAMLConfig

/// Typed events over real sockets: the instance's start and stop, joins and leaves, room changes, message kinds,
/// and a lost and resumed connection.
@Suite struct BotEventTests {
    static let bot = "sip:echobot@contoso.com"

    static var registry: BotRegistry {
        var registry = ShippedBots.registry
        registry.register(GreeterBot.self)
        return registry
    }

    static func room(probe: String) -> String {
        "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: greeter\n    probe: \(probe)\n"
    }

    /// Waits for the bot to say `text`; false if it does not within 10 seconds.
    func hear(_ messages: AsyncStream<ChatMessage>, _ text: String) async -> Bool {
        await first(messages) { $0.messageAuthor.value == Self.bot && $0.messageContent == text } != nil
    }

    @Test func eventsOfTheRoomAndOfTheInstanceReachTheBotInOrder() async throws {
        try await withTestServer { server in
            let probe = UUID().uuidString
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.room(probe: probe)])
            try await fixture.withHost(registry: Self.registry) { host in
                let (alice, session) = try await server.join("alice", "help-desk")

                var messages = session.messages
                let bob = try await server.connect("bob")
                let bobSession = ChatRoomSession(endpoint: bob)
                try await bobSession.join(name: "help-desk")
                #expect(await hear(messages, "welcome sip:bob@contoso.com"))

                // Alice manages help-desk: her change of the description reaches the bot with old and new values.
                messages = session.messages
                let management = alice.persistentChatServices.chatRoomManagementServices
                var information = ChatRoomInformation(try await management.getChatRoom(named: "help-desk"))
                information.description = "now with bots"
                try await management.updateChatRoom(information)
                #expect(await hear(messages, "room changed: description now 'now with bots'"))

                messages = session.messages
                try await session.sendChatMessage("disk full", alert: true)
                #expect(await hear(messages, "alert seen: disk full"))
                messages = session.messages
                try await session.sendChatMessage(storyTitle: "Post-mortem", content: "what happened")
                #expect(await hear(messages, "story seen: Post-mortem"))

                try await bobSession.leave()
                #expect(await eventually { EventLog.shared.events(probe).contains { if case .participantLeft = $0 { true } else { false } } })
                await host.stop()
                let events = EventLog.shared.events(probe)
                #expect(events.first == .instanceStarted)
                // Connected once the first catch-up is done; joins seen meanwhile may come before it.
                #expect(events.filter { $0 == .endpointConnected }.count == 1)
                #expect(events.last == .instanceStopping)
                // The bot's own joins and leaves are never among them.
                #expect(!events.contains { event in
                    switch event {
                    case .participantJoined(let who), .participantLeft(let who): who.sipUri.value == Self.bot
                    default: false
                    }
                })
            }
        }
    }

    @Test func aLostConnectionIsADisconnectAndAResumption() async throws {
        try await withTestFolder { folder in
            try await withTestServer(folder: folder) { server in
                let probe = UUID().uuidString
                let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.room(probe: probe)],
                                              hostYAML: "reconnect: {initial: 50ms, max: 200ms}")
                try await fixture.withHost(registry: Self.registry) { _ in
                    #expect(await eventually { EventLog.shared.events(probe).contains(.endpointConnected) })
                    await server.stop()
                    #expect(await eventually { EventLog.shared.events(probe).contains(.endpointDisconnected) })
                    try await withTestServer(folder: folder, port: server.port) { restarted in
                        let (_, session) = try await restarted.join("alice", "help-desk")
                        #expect(await eventually {
                            EventLog.shared.events(probe).contains { if case .endpointResumed = $0 { true } else { false } }
                        })
                        let said = try await RoomTranscript.waitForCounts(in: session, by: Self.bot) { $0["back in the room"] != nil }
                        #expect(said["back in the room"] == 1)
                    }
                }
            }
        }
    }
}
