import Foundation
import GRDB
import PersistentChat
import PersistentChatServer
import Testing

/// Session tokens: asked for at establish, taken instead of the password until they expire or are revoked, kept hashed
/// in SQLite (so a restart keeps them), refused for another user, subject to the directory's rules and counted by the
/// sign-in throttle like passwords.
@Suite(.serialized) struct SessionTokenTests {
    /// An endpoint for `user` whose password is wrong: only a token can establish it.
    static func endpoint(_ user: String, _ server: TestServer) -> PersistentChatEndpoint {
        PersistentChatEndpoint(serverAddress: server.url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "token-test"), ownerUri: "sip:\(user)@contoso.com",
            password: "not the password"))
    }

    /// `user` establishes with `token`; returns the endpoint, established.
    static func signIn(_ user: String, token: String, _ server: TestServer, issue: Bool = false) async throws -> PersistentChatEndpoint {
        let endpoint = endpoint(user, server)
        do {
            try await endpoint.establish(sessionToken: token, issueSessionToken: issue)
        } catch {
            await endpoint.terminate()
            throw error
        }
        return endpoint
    }

    /// A token for `user`, from an establish with the password.
    static func token(_ user: String, _ server: TestServer) async throws -> PersistentChatSessionToken {
        let endpoint = PersistentChatEndpoint(serverAddress: server.url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "token-test"), ownerUri: "sip:\(user)@contoso.com",
            password: TestDirectory.password))
        try await endpoint.establish(issueSessionToken: true)
        await endpoint.terminate()
        return try #require(endpoint.sessionToken)
    }

    /// The server's database, opened beside it.
    static func database(_ server: TestServer) throws -> DatabaseQueue {
        try DatabaseQueue(path: server.folder.appendingPathComponent("data/pchat.sqlite").path)
    }

    @Test func anEstablishThatAsksGetsATokenThatSignsInWithoutThePassword() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            #expect(alice.sessionToken == nil, "no token unless asked for")
            let before = Date()
            let token = try await Self.token("alice", server)
            #expect(token.token.count == 43)
            #expect(token.token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            let lifetime = token.expiresAt.timeIntervalSince(before)
            #expect(lifetime > 12 * 3600 - 60 && lifetime < 12 * 3600 + 60, "web_client.session_token_hours is 12 by default")

            let again = try await Self.signIn("alice", token: token.token, server, issue: true)
            #expect(again.user?.uri.value == E2EAPI.alice)
            let fresh = try #require(again.sessionToken, "a token sign-in may ask for a fresh token")
            #expect(fresh.token != token.token)
            let session = ChatRoomSession(endpoint: again)
            try await session.join(name: "team")
            try await session.sendChatMessage("signed in with a token")
            await again.terminate()

            // Only hashes are stored.
            let stored = try await Self.database(server).read { db in try String.fetchAll(db, sql: "SELECT hash FROM session_tokens") }
            #expect(stored.count == 2)
            #expect(stored.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
            #expect(!stored.contains(token.token) && !stored.contains(fresh.token))
        }
    }

    @Test func aTokenAskedForAtATokenSignInExpiresWithTheTokenItCameFrom() async throws {
        try await withTestServer { server in
            let first = try await Self.token("alice", server)
            // The first token has an hour left: its successor gets that hour, not twelve more.
            let hourLeft = Int64(Date().timeIntervalSince1970 * 1000) + 3_600_000
            try await Self.database(server).write { db in
                try db.execute(sql: "UPDATE session_tokens SET expires_at = ?", arguments: [hourLeft])
            }
            let renewed = try await Self.signIn("alice", token: first.token, server, issue: true)
            let second = try #require(renewed.sessionToken)
            await renewed.terminate()
            #expect(abs(second.expiresAt.timeIntervalSince1970 * 1000 - Double(hourLeft)) < 1000, "\(second.expiresAt)")
            let again = try await Self.signIn("alice", token: second.token, server, issue: true)
            #expect(try #require(again.sessionToken).expiresAt <= second.expiresAt)
            await again.terminate()
        }
    }

    @Test func aUserHoldsAtMostFiftyLiveTokensAndTheLatestStay() async throws {
        try await withTestServer { server in
            var tokens: [PersistentChatSessionToken] = []
            for _ in 0..<52 { tokens.append(try await Self.token("bob", server)) }
            let count = try await Self.database(server).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM session_tokens WHERE user = 'sip:bob@contoso.com'")
            }
            #expect(count == 50)
            let latest = try await Self.signIn("bob", token: tokens[51].token, server)
            await latest.terminate()
            // The one that expires first went (tokens issued in the same millisecond tie: one of the first two).
            let first = await chatError { _ = try await Self.signIn("bob", token: tokens[0].token, server) }
            let second = await chatError { _ = try await Self.signIn("bob", token: tokens[1].token, server) }
            #expect(first?.detail == .identityInvalidSessionToken || second?.detail == .identityInvalidSessionToken)
        }
    }

    @Test func aTokenSurvivesARestartOnTheSameDataFolder() async throws {
        try await withTestFolder { folder in
            let token = try await withTestServer(folder: folder) { server in try await Self.token("alice", server) }
            try await withTestServer(folder: folder) { server in
                let endpoint = try await Self.signIn("alice", token: token.token, server)
                #expect(endpoint.state == .established)
                await endpoint.terminate()
            }
        }
    }

    @Test func aRevokedTokenIsRefusedAndOnlyItsOwnerRevokesIt() async throws {
        try await withTestServer { server in
            let token = try await Self.token("alice", server)
            // bob cannot revoke it, and an unknown token is answered the same way.
            let bob = try await server.connect("bob")
            try await bob.revokeSessionToken(token.token)
            try await bob.revokeSessionToken("no-such-token")
            let alice = try await Self.signIn("alice", token: token.token, server)
            try await alice.revokeSessionToken(token.token)
            await alice.terminate()
            let refused = await chatError { _ = try await Self.signIn("alice", token: token.token, server) }
            expectRefusal(refused, .invalidToken, .identityInvalidSessionToken)
        }
    }

    @Test func anExpiredTokenIsRefusedAndExpiredRowsArePruned() async throws {
        try await withTestServer { server in
            let token = try await Self.token("alice", server)
            // Its expiry moved to a minute ago, in the database the server reads.
            let past = E2EAPI.nowMs - 60_000
            let changed = try await Self.database(server).write { db in
                try db.execute(sql: "UPDATE session_tokens SET expires_at = ? WHERE user = ?", arguments: [past, E2EAPI.alice])
                return db.changesCount
            }
            #expect(changed == 1)
            let refused = await chatError { _ = try await Self.signIn("alice", token: token.token, server) }
            expectRefusal(refused, .invalidToken, .identityInvalidSessionToken)
            // The next token issued drops the expired row.
            _ = try await Self.token("bob", server)
            let users = try await Self.database(server).read { db in try String.fetchAll(db, sql: "SELECT user FROM session_tokens") }
            #expect(users == [E2EAPI.bob])
        }
    }

    @Test func anotherUsersTokenIsRefused() async throws {
        try await withTestServer { server in
            let token = try await Self.token("alice", server)
            let refused = await chatError { _ = try await Self.signIn("bob", token: token.token, server) }
            expectRefusal(refused, .invalidToken, .identityInvalidSessionToken)
            let made = await chatError { _ = try await Self.signIn("alice", token: String(token.token.reversed()), server) }
            expectRefusal(made, .invalidToken, .identityInvalidSessionToken)
        }
    }

    @Test func aDisabledUserIsRefusedWithAValidToken() async throws {
        try await withTestServer { server in
            let token = try await Self.token("bob", server)
            let ldif = try String(contentsOfFile: server.configuration.ldifFile, encoding: .utf8)
            try DirectoryReloadTests.write(DirectoryReloadTests.disabling("Bob", in: ldif), to: server.configuration.ldifFile)
            var refusal: PersistentChatError?
            let disabled = await eventually(within: 15) {
                refusal = await chatError { _ = try await Self.signIn("bob", token: token.token, server) }
                return refusal?.detail == .identityUserDisabled
            }
            #expect(disabled, "got \(String(describing: refusal))")
            #expect(refusal?.code == .errorPermission)
        }
    }

    @Test func badTokensAreThrottledLikeWrongPasswords() async throws {
        var limits = ServerLimits()
        limits.signIn.failures = 3
        limits.signIn.window = .seconds(60)
        try await withTestServer(limits: limits) { server in
            let token = try await Self.token("alice", server)
            for guess in 1...3 {
                let refused = await chatError { _ = try await Self.signIn("alice", token: "guess-\(guess)", server) }
                expectRefusal(refused, .invalidToken, .identityInvalidSessionToken)
            }
            // Past the threshold even the right token waits the first delay (window / failures, 20 s), and so does the
            // password.
            let throttled = await chatError { _ = try await Self.signIn("alice", token: token.token, server) }
            expectRefusal(throttled, .errorPermission, .identityThrottled)
            #expect((throttled?.retryAfter ?? .zero) > .seconds(15), "\(String(describing: throttled?.retryAfter))")
            let password = await chatError { _ = try await server.connect("alice") }
            #expect(password?.detail == .identityThrottled, "got \(String(describing: password))")
            // Another account from the same address is not delayed by alice's pair.
            _ = try await server.connect("bob")
        }
    }
}
