import Foundation
import NIOWebSocket
import PersistentChat
import PersistentChatDirectory
import Synchronization
import Testing

/// The directory reloaded without a restart: on SIGHUP to a pchatd process, and when the LDIF file changes. A user who
/// may no longer sign in loses every live session; a changed password counts from the next sign-in; group changes
/// count at once; a file that does not parse is refused whole.
@Suite struct DirectoryReloadTests {
    // MARK: Directory edits (on the test directory's LDIF text)

    /// `ldif` with the record whose DN starts with `dn` changed by `change`.
    static func editing(_ ldif: String, record dn: String, _ change: (String) -> String) -> String {
        ldif.components(separatedBy: "\n\n").map { $0.hasPrefix("dn: \(dn)") ? change($0) : $0 }.joined(separator: "\n\n")
    }

    static func disabling(_ name: String, in ldif: String) -> String {
        editing(ldif, record: "CN=\(name),") { $0.replacingOccurrences(of: "msRTCSIP-UserEnabled: TRUE", with: "msRTCSIP-UserEnabled: FALSE") }
    }

    static func password(_ password: String, for name: String, in ldif: String) -> String {
        editing(ldif, record: "CN=\(name),") { record in
            record.components(separatedBy: "\n").map { line in
                line.hasPrefix("userPassword:") ? "userPassword: \(PasswordHash.make(password: password, scheme: .ssha256))" : line
            }.joined(separator: "\n")
        }
    }

    static func write(_ ldif: String, to path: String) throws {
        try ldif.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func endpoint(_ user: String, _ url: String, password: String = TestDirectory.password) -> PersistentChatEndpoint {
        PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:\(user)@contoso.com", password: password))
    }

    static func joined(_ endpoint: PersistentChatEndpoint, _ room: String) async throws -> ChatRoomSession {
        let session = ChatRoomSession(endpoint: endpoint)
        try await session.join(name: room)
        return session
    }

    /// Why the session ended, once it does (nil if it does not within `seconds`).
    static func ending(_ session: ChatRoomSession, within seconds: Double = 10) async -> PersistentChatError? {
        await first(session.events, within: seconds) { $0.e2eIsTermination }?.e2eTerminationReason
    }

    // MARK: Over a pchatd process, on SIGHUP

    @Test func aUserDisabledOnSIGHUPLosesEveryLiveSessionAndAnotherUserCarriesOn() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let ldif = try String(contentsOfFile: configuration.ldifFile, encoding: .utf8)
            let yaml = try ServerProcess.writeConfig(configuration, in: folder)
            try await withServerProcess(config: yaml) { child in
                let url = try await child.waitForURL()
                let alice = Self.endpoint("alice", url)
                let bob = Self.endpoint("bob", url)
                try await withCleanUp {
                    try await bob.establish()
                    let bobTeam = try await Self.joined(bob, "team")
                    let bobEvents = bobTeam.events
                    try await alice.establish()
                    let aliceTeam = try await Self.joined(alice, "team")
                    let aliceHelp = try await Self.joined(alice, "help-desk")
                    // A second connection of alice's, bare, to see the frames and the close itself.
                    let raw = RawTranscript()
                    Task {
                        let transcript = try await RawClient.run(url, steps: [
                            .text(RawClient.establish("alice")),
                            .text(#"{"v":1,"type":"cmd","seq":2,"cmd":"join","data":{"room":{"name":"team"}}}"#),
                            .await(count: 2),
                        ])
                        raw.value.withLock { $0 = transcript }
                    }
                    let aliceJoins = await firstN(2, bobEvents) { $0.e2eAttendance?.participant.sipUri.value == "sip:alice@contoso.com" }
                    #expect(aliceJoins.count == 2, "bob saw alice's two joins of team")

                    try Self.write(Self.disabling("Alice", in: ldif), to: configuration.ldifFile)
                    child.signal(SIGHUP)
                    let ended = await child.waitForLog(containing: "sessions ended by the directory reload")
                    #expect(ended?.contains("identity.userDisabled") == true, "\(ended ?? "no log line")")
                    let reloaded = await child.waitForLog(containing: "directory reloaded")
                    #expect(reloaded?.contains("users_signed_out=1") == true, "\(reloaded ?? "no log line")")
                    #expect(reloaded?.contains("sessions_ended=2") == true, "\(reloaded ?? "no log line")")

                    for session in [aliceTeam, aliceHelp] {
                        let reason = await Self.ending(session)
                        #expect(reason?.detail == .identityUserDisabled, "got \(String(describing: reason))")
                        #expect(reason?.message.contains("sip:alice@contoso.com") == true)
                    }
                    #expect(await eventually(within: 10) { alice.state == .terminated })
                    #expect(await eventually(within: 10) { raw.value.withLock { $0 } != nil }, "the server closed alice's bare connection")
                    let transcript = raw.value.withLock { $0 }
                    #expect(transcript?.closeCode == .policyViolation)
                    #expect(transcript?.closeReason?.hasPrefix("identity.userDisabled:") == true, "\(String(describing: transcript?.closeReason))")
                    let notices = (transcript?.frames ?? []).compactMap(RawClient.decode).compactMap { frame -> SessionEndedNotice? in
                        if case .notice(.sessionEnded(let notice)) = frame { return notice }
                        return nil
                    }
                    #expect(notices.map(\.reason.detail) == [.identityUserDisabled])

                    // Bob's session carries on, and alice may not sign in again.
                    let id = try await bobTeam.sendChatMessage("still here")
                    #expect(try await bobTeam.getRecentChatHistory(1).map(\.messageId) == [id])
                    let again = await chatError { try await Self.endpoint("alice", url).establish() }
                    #expect(again?.detail == .identityUserDisabled, "got \(String(describing: again))")
                } cleanUp: {
                    await alice.terminate()
                    await bob.terminate()
                }
            }
        }
    }

    @Test func aChangedPasswordCountsFromTheNextSignInAndABrokenFileIsRefusedWhole() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let ldif = try String(contentsOfFile: configuration.ldifFile, encoding: .utf8)
            let yaml = try ServerProcess.writeConfig(configuration, in: folder)
            try await withServerProcess(config: yaml) { child in
                let url = try await child.waitForURL()
                let bob = Self.endpoint("bob", url)
                let newBob = Self.endpoint("bob", url, password: "n3w-secret")
                try await withCleanUp {
                    try await bob.establish()
                    let team = try await Self.joined(bob, "team")

                    try Self.write(Self.password("n3w-secret", for: "Bob", in: ldif), to: configuration.ldifFile)
                    child.signal(SIGHUP)
                    #expect(await child.waitForLog(containing: "directory reloaded")?.contains("users_signed_out=0") == true)
                    // The session signed in with the old password stays; new sign-ins need the new one.
                    _ = try await team.sendChatMessage("signed in before the change")
                    #expect(bob.state == .established)
                    let old = await chatError { try await Self.endpoint("bob", url).establish() }
                    #expect(old?.kind == .commandFailed, "the old password is refused: \(String(describing: old))")
                    try await newBob.establish()

                    // A file that does not parse is refused whole: the directory in force stays.
                    let broken = "version: 1\n\ndn: CN=Broken,DC=contoso,DC=com\nthis line has no colon\n"
                    try Self.write(broken, to: configuration.ldifFile)
                    child.signal(SIGHUP)
                    let refused = await child.waitForLog(containing: "directory reload refused")
                    #expect(refused?.contains("\(configuration.ldifFile):4:") == true, "\(refused ?? "no log line")")
                    #expect(refused?.contains("no ':'") == true, "\(refused ?? "no log line")")
                    let carol = Self.endpoint("carol", url)
                    try await carol.establish()
                    await carol.terminate()
                    let again = Self.endpoint("bob", url, password: "n3w-secret")
                    try await again.establish()
                    await again.terminate()
                    _ = try await team.sendChatMessage("still signed in")
                } cleanUp: {
                    await bob.terminate()
                    await newBob.terminate()
                }
            }
        }
    }

    // MARK: In process, on a change of the file alone

    @Test func aChangedFileIsPickedUpWithoutASignal() async throws {
        try await withTestServer { server in
            let ldif = try String(contentsOfFile: server.configuration.ldifFile, encoding: .utf8)
            let (_, aliceTeam) = try await server.join("alice", "team")
            let (_, bobTeam) = try await server.join("bob", "team")
            try Self.write(Self.disabling("Alice", in: ldif), to: server.configuration.ldifFile)
            let reason = await Self.ending(aliceTeam, within: 15)
            #expect(reason?.detail == .identityUserDisabled, "got \(String(describing: reason))")
            _ = try await bobTeam.sendChatMessage("bob carries on")
            let refused = await chatError { _ = try await server.connect("alice") }
            #expect(refused?.detail == .identityUserDisabled)
        }
    }

    @Test func aGroupChangeEndsOnlyTheSessionsItNoLongerAllows() async throws {
        try await withTestServer { server in
            let ldif = try String(contentsOfFile: server.configuration.ldifFile, encoding: .utf8)
            // support-team is secret to the Support group; alice is in it, and in team by name.
            let (alice, support) = try await server.join("alice", "support-team")
            let team = try await Self.joined(alice, "team")
            let (_, bobTeam) = try await server.join("bob", "team")
            let withoutAlice = Self.editing(ldif, record: "CN=Support,") {
                $0.replacingOccurrences(of: "member: CN=Alice,OU=Staff,DC=contoso,DC=com\n", with: "")
            }
            #expect(withoutAlice != ldif)
            try Self.write(withoutAlice, to: server.configuration.ldifFile)
            let reason = await Self.ending(support, within: 15)
            #expect(reason?.detail == .membershipRemoved, "got \(String(describing: reason))")
            // Her other session and connection stay.
            let messages = team.messages
            let id = try await bobTeam.sendChatMessage("for alice")
            #expect(await first(messages) { $0.messageId == id } != nil)
            #expect(alice.state == .established)
        }
    }
}

/// What a bare WebSocket client received, once the server closed its connection.
private final class RawTranscript: Sendable {
    let value = Mutex<RawClient.Transcript?>(nil)
}
