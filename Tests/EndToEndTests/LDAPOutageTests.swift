import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// The directory server stopped while pchatd runs, and pchatd started while it is down: sign-ins are refused with
/// `identity.directoryUnavailable` (fail closed), established sessions go on with the rights last read, and pchatd
/// recovers by itself once slapd is back.
@Suite struct LDAPOutageTests {
    @Test func slapdStoppedInTheMiddleOfARun() async throws {
        try await withTestServer(directory: .ldap) { server in
            let slapd = try #require(server.slapd)
            let (aliceEndpoint, alice) = try await server.join("alice", "support-team")
            await slapd.stop()
            let refused = await chatError { _ = try await server.connect("bob") }
            #expect(refused?.detail == .identityDirectoryUnavailable, "got \(String(describing: refused))")
            #expect(refused?.retryAfter != nil)
            // Refreshes fail meanwhile (1 s each); alice stays, posts, and joins her group's room again.
            try await Task.sleep(for: .seconds(3))
            let id = try await alice.sendChatMessage("the directory is down, the room is not")
            #expect(try await alice.getRecentChatHistory(1).map(\.messageId) == [id])
            try await alice.leave()
            let rejoined = ChatRoomSession(endpoint: aliceEndpoint)
            try await rejoined.join(name: "support-team")
            try await slapd.start()
            let recovered = await eventually(within: 20) { (try? await server.connect("bob")) != nil }
            #expect(recovered, "bob signs in once slapd is back")
        }
    }

    @Test func pchatdStartsWhileTheDirectoryIsDownSaysSoAndPicksItUpLater() async throws {
        try await withSlapd { slapd in
            await slapd.stop()
            try await withTestFolder { folder in
                var configuration = try TestServer.configuration(folder: folder)
                // A refresh of 10 minutes: the directory is tried again sooner because it was never read.
                configuration.directory = .ldap(try slapd.settings(refresh: .seconds(600)))
                let yaml = try ServerProcess.writeConfig(configuration, in: folder)
                try await withServerProcess(config: yaml) { child in
                    let url = try await child.waitForURL()
                    let said = await child.waitForLog(containing: "the directory cannot be read")
                    #expect(said?.contains("127.0.0.1:\(slapd.port)") == true, "\(said ?? "no log line")")
                    let refused = await chatError { try await DirectoryReloadTests.endpoint("alice", url).establish() }
                    #expect(refused?.detail == .identityDirectoryUnavailable, "got \(String(describing: refused))")
                    try await slapd.start()
                    // Alice signs in, and her group (read at the next refresh) lets her into support-team.
                    let joined = await eventually(within: 20) {
                        let alice = DirectoryReloadTests.endpoint("alice", url)
                        guard (try? await alice.establish()) != nil else { return false }
                        defer { Task { await alice.terminate() } }
                        return (try? await ChatRoomSession(endpoint: alice).join(name: "support-team")) != nil
                    }
                    #expect(joined, "alice signs in and joins her group's room once slapd is back")
                }
            }
        }
    }
}

extension LDAPOutageTests {
    @Test func pastTheCacheLifetimeRightsAreNoLongerDecidedFromWhatWasRead() async throws {
        try await withSlapd { slapd in
            try await withTestServer(slapd: slapd, adjust: { $0.cacheLifetime = .seconds(2) }) { server in
                let (alice, help) = try await server.join("alice", "help-desk")
                await slapd.stop()
                try await Task.sleep(for: .seconds(3))
                // Joined before: alice goes on posting there.
                _ = try await help.sendChatMessage("still here")
                // A new join needs rights the directory can no longer vouch for.
                let refused = await chatError { try await ChatRoomSession(endpoint: alice).join(name: "team") }
                #expect(refused?.detail == .identityDirectoryUnavailable, "got \(String(describing: refused))")
                try await slapd.start()
                let joined = await eventually(within: 20) {
                    (try? await ChatRoomSession(endpoint: alice).join(name: "team")) != nil
                }
                #expect(joined, "rights are decided again once the directory is read")
            }
        }
    }

    @Test func aDirectoryThatHangsHoldsUpNoPosts() async throws {
        try await withSlapd { slapd in
            try await withTestServer(slapd: slapd, adjust: { $0.connection.operationTimeout = .seconds(6) }) { server in
                let (_, help) = try await server.join("alice", "help-desk")
                slapd.pause()
                // More sign-ins than the directory has threads (of six accounts: one account's sign-ins would wait
                // for each other): every one of them waits on the frozen server.
                let url = server.url
                let signIns = Task {
                    await withTaskGroup(of: PersistentChatError?.self) { group in
                        for user in ["bob", "carol", "echobot", "dave", "configuser", "trustedapp"] {
                            group.addTask { await chatError { try await DirectoryReloadTests.endpoint(user, url).establish() } }
                        }
                        return await group.reduce(into: [PersistentChatError?]()) { $0.append($1) }
                    }
                }
                try await Task.sleep(for: .milliseconds(300))
                let began = ContinuousClock.now
                for number in 0..<20 { _ = try await help.sendChatMessage("post \(number) while the directory hangs") }
                let posting = ContinuousClock.now - began
                let refusals = await signIns.value
                let waited = ContinuousClock.now - began
                #expect(posting < waited, "the posts (\(posting)) were acknowledged before the hung sign-ins gave up (\(waited))")
                #expect(refusals.allSatisfy { $0?.detail == .identityDirectoryUnavailable }, "\(refusals)")
                slapd.resume()
                let recovered = await eventually(within: 20) { (try? await server.connect("bob")) != nil }
                #expect(recovered, "sign-ins work again once the directory answers")
            }
        }
    }
}
