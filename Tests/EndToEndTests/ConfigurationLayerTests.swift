import BotKit
import Bots
import Foundation
import PersistentChat
import Testing
import YAMLConfig

/// The three layers of configuration: host.yaml's `defaults` per bot type, under each room file's bot entries.
@Suite struct ConfigurationLayerTests {
    static let plainEcho = "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n  - type: echo\n    id: teller\n    command: tell\n"

    @Test func aBotTypesDefaultsApplyUnlessTheRoomFileSaysOtherwise() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.plainEcho],
                                          hostYAML: "defaults:\n  echo: {command: say, timeout: 5s}")
            try await fixture.withHost { _ in
                let (_, session) = try await server.join("alice", "help-desk")
                let messages = session.messages
                try await session.sendChatMessage("!say from the defaults")
                try await session.sendChatMessage("!tell from the room file")
                let answers = await firstN(2, messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
                #expect(Set(answers.map(\.messageContent)) == ["from the defaults", "from the room file"])
            }
        }
    }

    @Test(arguments: [
        ("defaults:\n  echo: {command: two words}", "defaults.echo.command", "is not a command name"),
        ("defaults:\n  echo: {prefx: '!'}", "defaults.echo.prefx", "unknown key for bot type 'echo'"),
        ("defaults:\n  echo: {timeout: soon}", "defaults.echo.timeout", "expected a duration"),
        ("defaults:\n  ecko: {command: x}", "defaults.ecko", "unknown bot type 'ecko'"),
        ("defaults:\n  echo: {id: x}", "defaults.echo", "type and id belong in room files"),
    ])
    func aFaultInTheDefaultsIsReportedInHostYAML(yaml: String, key: String, reason: String) async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": "room: help-desk\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: echo\n"],
                                          hostYAML: yaml)
            fixture.expectRefusal(inFile: "host.yaml", key: key, reason: reason, withLine: true)
        }
    }

    @Test func changedDefaultsRestartTheRoomsThatUseThem() async throws {
        try await withTestServer { server in
            let fixture = try HostFixture(server: server, rooms: [
                "help-desk.yaml": Self.plainEcho,
                "team.yaml": "room: team\nendpoint: sip:echobot@contoso.com\nbots:\n  - type: http\n    command: status\n    url: http://x\n",
            ], hostYAML: "defaults:\n  echo: {command: say}")
            let before = try fixture.load()
            let text = try String(contentsOfFile: fixture.hostFile, encoding: .utf8)
            try text.replacingOccurrences(of: "command: say", with: "command: speak").write(toFile: fixture.hostFile, atomically: true, encoding: .utf8)
            let plan = ReloadPlan(from: before, to: try fixture.load())
            #expect(plan.rooms.map { "\($0.change) \($0.room)" } == ["restart help-desk"])
        }
    }
}
