import Foundation
import PersistentChat
import Testing

/// What a handler stores is written with the mark that its message was handled: a bothost killed (SIGKILL) again
/// and again while messages arrive, often inside a handler, neither counts a message twice nor loses one.
@Suite struct BotStorageCrashTests {
    static let countingRoom = """
        room: help-desk
        endpoint: sip:echobot@contoso.com
        bots:
          - type: counting
        """

    @Test func killingBothostInsideHandlersNeverCountsAMessageTwiceOrLosesOne() async throws {
        try await withTestServer { server in
            let (_, session) = try await server.join("alice", "help-desk")
            let fixture = try HostFixture(server: server, rooms: ["help-desk.yaml": Self.countingRoom],
                                          hostYAML: ExactlyOnceTests.fastReconnect)
            // Started once before the posts, so that its first start (after the room's newest message) is behind us.
            try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                bothost.interrupt()
                _ = await bothost.exitStatus()
            }
            let total = 120
            let poster = Task {
                for n in 1...total {
                    try await session.sendChatMessage("message \(n)")
                    try await Task.sleep(for: .milliseconds(12))
                }
            }
            defer { poster.cancel() }
            // Killed outright eight times, at moments that do not line up with the handlers' steps.
            for round in 0..<8 {
                try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                    #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                    try await Task.sleep(for: .milliseconds(150 + 37 * round))
                    bothost.kill9()
                    _ = await bothost.exitStatus()
                }
            }
            try await poster.value
            try await withBothost(config: fixture.hostFile, fixture: true) { bothost in
                #expect(await bothost.waitFor(.stdout, containing: "bothost is running"))
                var said = ""
                for _ in 0..<40 where said != "total \(total) marked \(total)" {
                    try await Task.sleep(for: .milliseconds(250))
                    try await session.sendChatMessage("!total")
                    let reply = await first(session.messages) { $0.messageAuthor.value == "sip:echobot@contoso.com" }
                    said = reply?.messageContent ?? ""
                }
                // `!total` is a command: it is not handed to the counting fallback.
                #expect(said == "total \(total) marked \(total)", "host log: \(bothost.stderr.suffix(2000))")
                bothost.interrupt()
                #expect(await bothost.exitStatus() == 0)
            }
        }
    }
}
