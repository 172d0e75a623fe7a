import Foundation
import PersistentChat
import PersistentChatProtocol
import Testing

/// Connecting succeeds only for an enabled AD user in the domain with the right password. An unknown address and a
/// wrong password get the same answer; what describes the account (a contact, disabled…) is told only once the
/// password is proven, so an administrator still learns why a bot identity is refused.
@Suite struct IdentityTests {
    @Test(arguments: TestDirectoryKind.allCases)
    func anEnabledUserWithTheRightPasswordIsEstablished(directory: TestDirectoryKind) async throws {
        try await withTestServer(directory: directory) { server in
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

    @Test(arguments: TestDirectoryKind.allCases, [
        ("nobody", TestDirectory.password, PersistentChatErrorCode.errorPermission, "identity.wrongPassword"),
        ("alice", "wrong-password", .errorPermission, "identity.wrongPassword"),
        ("trustedapp", "wrong-password", .errorPermission, "identity.wrongPassword"),
        ("configuser", "wrong-password", .errorPermission, "identity.wrongPassword"),
        ("dave", "wrong-password", .errorPermission, "identity.wrongPassword"),
        ("trustedapp", TestDirectory.password, .errorPermission, "identity.contactObject"),
        ("configuser", TestDirectory.password, .errorPermission, "identity.configurationPartition"),
        ("dave", TestDirectory.password, .errorPermission, "identity.userDisabled"),
    ])
    func refusedIdentities(directory: TestDirectoryKind, refusal: (user: String, password: String, code: PersistentChatErrorCode, detail: String)) async throws {
        let (user, password, code, detail) = refusal
        try await withTestServer(directory: directory) { server in
            let error = await chatError { _ = try await server.connect(user, password: password) }
            #expect(error?.kind == .commandFailed)
            #expect(error?.code == code)
            #expect(error?.detail.rawValue == detail)
            #expect(error?.message.isEmpty == false)
            // The server keeps serving others.
            _ = try await server.connect("alice")
        }
    }

    @Test(arguments: TestDirectoryKind.allCases)
    func anUnknownAddressAndAWrongPasswordGetTheSameAnswer(directory: TestDirectoryKind) async throws {
        try await withTestServer(directory: directory) { server in
            func refusal(_ user: String, _ password: String) async throws -> (ErrorPayload?, String?, Int?) {
                let establish = #"{"v":1,"type":"cmd","seq":1,"cmd":"establish","data":{"user":"sip:\#(user)@contoso.com","password":"\#(password)"}}"#
                let transcript = try await RawClient.run(server.url, steps: [.text(establish), .await(count: 1)])
                let status = transcript.frames.first.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }?["code"] as? Int
                return (RawClient.failure(transcript, seq: 1), transcript.closeReason, status)
            }
            let unknown = try await refusal("nobody", TestDirectory.password)
            let wrong = try await refusal("alice", "wrong-password")
            let contactWithWrongPassword = try await refusal("trustedapp", "wrong-password")
            #expect(unknown.0 != nil)
            #expect(unknown.0 == wrong.0)
            #expect(unknown.0 == contactWithWrongPassword.0)
            #expect(unknown.1 == wrong.1)
            #expect(unknown.2 == wrong.2)
            #expect(unknown.0?.message.contains("nobody") == false)
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
