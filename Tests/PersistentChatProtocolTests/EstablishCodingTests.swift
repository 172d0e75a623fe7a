import Foundation
import PersistentChatProtocol
import Testing

/// `establish` carries a password or a session token, never both, and asks for a token only when it says so.
@Suite struct EstablishCodingTests {
    let codec = FrameCodec()

    func decode(_ data: String) -> Result<ClientFrame, FrameCodec.ClientFrameFailure> {
        codec.decodeClientFrame(#"{"v":1,"type":"cmd","seq":1,"cmd":"establish","data":\#(data)}"#)
    }

    @Test func eitherCredentialRoundTrips() throws {
        for request in [EstablishRequest(user: "sip:alice@contoso.com", password: "pw", client: "t"),
                        EstablishRequest(user: "sip:alice@contoso.com", sessionToken: "tok", issueSessionToken: true)] {
            let text = try codec.encode(ClientFrame(seq: 1, command: request))
            #expect(try codec.decodeClientFrame(text).get().command as? EstablishRequest == request)
        }
        let text = try codec.encode(ClientFrame(seq: 1, command: EstablishRequest(user: "sip:a@contoso.com", password: "pw")))
        #expect(!text.contains("issueSessionToken") && !text.contains("sessionToken"))
    }

    @Test func theTokenReplacesThePassword() throws {
        let frame = try decode(#"{"user":"sip:alice@contoso.com","sessionToken":"abc","issueSessionToken":true}"#).get()
        let request = try #require(frame.command as? EstablishRequest)
        #expect(request.credential == .sessionToken("abc") && request.issueSessionToken)
        let plain = try #require(try decode(#"{"user":"sip:alice@contoso.com","password":"pw"}"#).get().command as? EstablishRequest)
        #expect(plain.credential == .password("pw") && !plain.issueSessionToken)
    }

    @Test func bothOrNeitherIsAMalformedFrame() {
        for data in [#"{"user":"sip:alice@contoso.com","password":"pw","sessionToken":"abc"}"#, #"{"user":"sip:alice@contoso.com"}"#] {
            guard case .failure(let failure) = decode(data) else {
                Issue.record("\(data) was taken")
                continue
            }
            #expect(failure.seq == 1 && failure.error.payload.detail == .malformedFrame, "\(failure.error.payload)")
        }
    }

    @Test func aReplyCarriesTheTokenOnlyWhenIssued() throws {
        let server = ServerInfo(domain: "contoso.com", displayName: "t", serverTime: 0,
                                rootCategory: CategoryURI(domain: "contoso.com", id: UUID()),
                                messageSizeLimit: 1, storySizeLimit: 1, searchLimit: 1, defaultChatHistory: 1, frameSizeLimit: 1,
                                databaseVersion: "x", fileSizeLimit: 1, participantUpdateLimit: 1)
        let user = PrincipalPayload(uri: try #require(SIPURI("sip:alice@contoso.com")), displayName: "Alice")
        let without = String(decoding: try JSONEncoder().encode(EstablishReply(user: user, server: server)), as: UTF8.self)
        #expect(!without.contains("sessionToken") && !without.contains("roomManagementUrl"))
        let with = EstablishReply(user: user, server: server, sessionToken: SessionTokenPayload(token: "t", expiresAt: 5))
        #expect(try JSONDecoder().decode(EstablishReply.self, from: JSONEncoder().encode(with)) == with)
    }
}
