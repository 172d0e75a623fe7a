import Foundation
import PersistentChat
import PersistentChatProtocol
import Testing

/// server.yaml reloaded on SIGHUP by a pchatd process: new rooms, changed members and limits are applied to live
/// connections; a bad file, or one that changes a setting needing a restart, is refused whole and the one in force
/// stays.
@Suite(.serialized) struct ConfigurationReloadTests {
    @Test func sighupAppliesRoomsMembersAndLimitsAndRefusesABadFileOrARestartOnlyChange() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let path = try ServerProcess.writeConfig(configuration, in: folder)
            let original = try String(contentsOfFile: path, encoding: .utf8)
            try await withServerProcess(config: path) { child in
                let url = try await child.waitForURL()
                let alice = DirectoryReloadTests.endpoint("alice", url)
                let bob = DirectoryReloadTests.endpoint("bob", url)
                try await withCleanUp {
                    try await alice.establish()
                    try await bob.establish()
                    let bobTeam = try await DirectoryReloadTests.joined(bob, "team")
                    let unknown = await chatError { _ = try await DirectoryReloadTests.joined(alice, "ops") }
                    #expect(unknown?.detail == .noSuchRoom, "\(String(describing: unknown))")

                    // A new room, bob no longer in team, and a smaller message limit.
                    let changed = original.replacingOccurrences(of: #""sip:alice@contoso.com", "sip:bob@contoso.com", "sip:echobot@contoso.com""#,
                                                                with: #""sip:alice@contoso.com", "sip:echobot@contoso.com""#)
                        + "  - {name: ops, category: Help, privacy: closed, members: [\"sip:alice@contoso.com\"]}\n"
                        + "limits: {message_size: 100}\n"
                    #expect(changed.contains("ops") && !changed.contains(#""sip:bob@contoso.com", "sip:echobot"#))
                    try changed.write(toFile: path, atomically: true, encoding: .utf8)
                    child.signal(SIGHUP)
                    let reloaded = await child.waitForLog(containing: "configuration reloaded")
                    #expect(reloaded?.contains("rooms=6") == true, "\(reloaded ?? "no log line")")
                    let ended = await DirectoryReloadTests.ending(bobTeam)
                    #expect(ended != nil, "bob's session in team ends once he is no longer a member")

                    let ops = try await DirectoryReloadTests.joined(alice, "ops")
                    let tooLong = await chatError { try await ops.sendChatMessage(String(repeating: "x", count: 101)) }
                    #expect(tooLong != nil, "the new limit of 100 bytes applies")
                    try await ops.sendChatMessage(String(repeating: "y", count: 100))

                    // A bad file: refused with its line and key; the configuration in force stays.
                    try (changed + "bogus_key: 1\n").write(toFile: path, atomically: true, encoding: .utf8)
                    child.signal(SIGHUP)
                    let refused = await child.waitForLog(containing: "configuration reload refused")
                    #expect(refused?.contains("bogus_key") == true, "\(refused ?? "no log line")")
                    #expect(refused?.contains("server.yaml:") == true, "the refusal names the file and line: \(refused ?? "no log line")")
                    #expect(await chatError { try await ops.sendChatMessage(String(repeating: "x", count: 101)) } != nil)
                    try await ops.sendChatMessage("still served")

                    // A setting that needs a restart: refused whole, naming it, and the new room in the same file is not added.
                    let moved = changed.replacingOccurrences(of: "listen: 127.0.0.1:0", with: "listen: 127.0.0.1:1")
                        .replacingOccurrences(of: "limits: {message_size: 100}\n",
                                              with: "  - {name: later, category: Help, privacy: open}\nlimits: {message_size: 100, commit_batch: 64}\n")
                    try moved.write(toFile: path, atomically: true, encoding: .utf8)
                    child.signal(SIGHUP)
                    let restart = await child.waitForLog(containing: "configuration reload refused")
                    #expect(restart?.contains("need a restart") == true, "\(restart ?? "no log line")")
                    #expect(restart?.contains("listen, limits.commit_batch") == true, "\(restart ?? "no log line")")
                    let later = await chatError { _ = try await DirectoryReloadTests.joined(alice, "later") }
                    #expect(later?.detail == .noSuchRoom, "\(String(describing: later))")
                } cleanUp: {
                    await alice.terminate()
                    await bob.terminate()
                }
            }
        }
    }
}
