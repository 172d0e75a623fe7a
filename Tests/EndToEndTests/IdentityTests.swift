import PersistentChat
import Testing

/// Connecting succeeds only for an enabled AD user in the domain with the right password; every refusal has its own detail.
@Suite struct IdentityTests {
    @Test func anEnabledUserWithTheRightPasswordIsEstablished() async throws {
        try await withTestServer { server in
            let endpoint = try await server.connect("alice")
            #expect(endpoint.state == .established)
            #expect(endpoint.user?.uri.value == "sip:alice@contoso.com")
            let configuration = try endpoint.persistentChatServices.serverConfiguration
            #expect(configuration.domainName == "contoso.com")
            #expect(configuration.defaultChatHistory == 30)
            await endpoint.terminate()
            #expect(endpoint.state == .terminated)
        }
    }

    @Test(arguments: [
        ("nobody", TestDirectory.password, PersistentChatErrorCode.noSuchPrincipal, "identity.unknownURI"),
        ("alice", "wrong-password", .errorPermission, "identity.wrongPassword"),
        ("trustedapp", TestDirectory.password, .errorPermission, "identity.contactObject"),
        ("configuser", TestDirectory.password, .errorPermission, "identity.configurationPartition"),
        ("dave", TestDirectory.password, .errorPermission, "identity.userDisabled"),
    ])
    func refusedIdentities(user: String, password: String, code: PersistentChatErrorCode, detail: String) async throws {
        try await withTestServer { server in
            let error = await chatError { _ = try await server.connect(user, password: password) }
            #expect(error?.kind == .commandFailed)
            #expect(error?.code == code)
            #expect(error?.detail.rawValue == detail)
            #expect(error?.message.isEmpty == false)
            // The server keeps serving others.
            _ = try await server.connect("alice")
        }
    }

    @Test func aStringThatIsNotASIPURIIsRefused() async throws {
        try await withTestServer { server in
            let endpoint = PersistentChatEndpoint(serverAddress: server.url, endpoint: ApplicationEndpoint(
                platform: CollaborationPlatform(applicationName: "test"), ownerUri: "alice@contoso.com", password: "x"))
            let error = await chatError { try await endpoint.establish() }
            #expect(error?.code == .invalidArgument)
            #expect(error?.detail.rawValue == "identity.invalidURI")
            #expect(endpoint.state == .terminated)
        }
    }

    @Test func aServerThatIsNotThereIsAConnectionError() async throws {
        let endpoint = PersistentChatEndpoint(serverAddress: "ws://127.0.0.1:1", endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:alice@contoso.com", password: "x"))
        let error = await chatError { try await endpoint.establish() }
        #expect(error?.kind == .connection)
    }
}
