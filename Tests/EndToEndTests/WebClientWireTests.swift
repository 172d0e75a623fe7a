import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// The frames the web client reads, as JSON on the wire: session tokens at establish and instead of the password,
/// `roomManagementUrl` in `ServerInfo`, add-ins and the rooms that use them; and the room management URL through the
/// SDK, present or absent as server.yaml says.
@Suite(.serialized) struct WebClientWireTests {
    /// The reply frame numbered `seq`, as a JSON object.
    static func reply(_ seq: Int, in transcript: RawClient.Transcript) throws -> [String: Any] {
        for text in transcript.frames {
            guard let frame = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { continue }
            if frame["type"] as? String == "rpl", frame["seq"] as? Int == seq { return frame }
        }
        throw WireError.noReply(seq, transcript.frames)
    }

    /// The `data` of the successful reply numbered `seq`.
    static func data(_ seq: Int, in transcript: RawClient.Transcript) throws -> [String: Any] {
        let frame = try reply(seq, in: transcript)
        guard frame["code"] as? Int == 200, let data = frame["data"] as? [String: Any] else { throw WireError.failed(seq, "\(frame)") }
        return data
    }

    enum WireError: Error {
        case noReply(Int, [String])
        case failed(Int, String)
    }

    static func command(_ seq: Int, _ name: String, _ data: String = "{}") -> RawClient.Step {
        .text(#"{"v":1,"type":"cmd","seq":\#(seq),"cmd":"\#(name)","data":\#(data)}"#)
    }

    static func establish(_ credential: String, issue: Bool = false) -> RawClient.Step {
        command(1, "establish", #"{"user":"sip:alice@contoso.com",\#(credential)\#(issue ? #","issueSessionToken":true"# : "")}"#)
    }

    @Test func tokensAddInsAndTheManagementURLHaveTheDocumentedShapes() async throws {
        try await withTestServer(configure: AddInTests.withAddIns) { server in
            let first = try await RawClient.run(server.url, steps: [
                Self.establish(#""password":"\#(TestDirectory.password)""#, issue: true), .await(count: 1),
                Self.command(2, "serverInfo"), Self.command(3, "getAllAddIns"),
                Self.command(4, "findRoomsUsingAddIn", #"{"addIn":"Runbook"}"#),
                Self.command(5, "browse", #"{"criteria":"help-desk"}"#),
                Self.command(6, "getRoom", #"{"room":{"name":"team"}}"#),
                Self.command(7, "findRoomsUsingAddIn", #"{"addIn":"Nope"}"#),
                .await(count: 7), Self.command(8, "terminate"),
            ])
            let established = try Self.data(1, in: first)
            let token = try #require(established["sessionToken"] as? [String: Any])
            #expect(Set(token.keys) == ["token", "expiresAt"])
            let text = try #require(token["token"] as? String)
            #expect(text.count == 43)
            #expect((token["expiresAt"] as? Int64 ?? 0) > E2EAPI.nowMs + 11 * 3_600_000)
            #expect(try Self.data(2, in: first)["roomManagementUrl"] as? String == "http://127.0.0.1:\(server.port)/#/manage")

            let addIns = try #require(try Self.data(3, in: first)["addIns"] as? [[String: Any]])
            #expect(addIns.map { Set($0.keys) } == [["id", "name", "url"], ["id", "name", "url"]])
            #expect(addIns.map { $0["name"] as? String } == ["Runbook", "Metrics"])
            let rooms = try #require(try Self.data(4, in: first)["rooms"] as? [[String: Any]])
            #expect(rooms.map { $0["name"] as? String } == ["support-team", "team"])
            #expect(rooms.allSatisfy { ($0["addIn"] as? [String: Any])?["url"] as? String == "https://runbook.contoso.com/pane" })
            let helpDesk = try #require((try Self.data(5, in: first)["rooms"] as? [[String: Any]])?.first)
            #expect(helpDesk["name"] as? String == "help-desk" && helpDesk["addIn"] == nil, "no addIn key without an add-in")
            #expect((try Self.data(6, in: first)["addIn"] as? [String: Any])?["name"] as? String == "Runbook")
            let unknown = try Self.reply(7, in: first)
            #expect(unknown["code"] as? Int == 404)
            #expect((unknown["error"] as? [String: Any])?["code"] as? String == "NoSuchNode")
            #expect((unknown["error"] as? [String: Any])?["detail"] as? String == "addIn.noSuchAddIn")

            // The token instead of the password; then revoked (sign-out).
            let second = try await RawClient.run(server.url, steps: [
                Self.establish(#""sessionToken":"\#(text)""#), .await(count: 1),
                Self.command(2, "revokeSessionToken", #"{"token":"\#(text)"}"#), .await(count: 2), Self.command(3, "terminate"),
            ])
            #expect((try Self.data(1, in: second)["user"] as? [String: Any])?["uri"] as? String == E2EAPI.alice)
            #expect(try Self.data(1, in: second)["sessionToken"] == nil)
            #expect(try Self.data(2, in: second).isEmpty)

            // Both credentials at once are a malformed frame; the revoked token is refused and the connection closed.
            let third = try await RawClient.run(server.url, steps: [
                Self.establish(#""password":"x","sessionToken":"\#(text)""#), .await(count: 1),
                Self.establish(#""sessionToken":"\#(text)""#), .await(count: 2),
            ])
            let frames = third.frames.compactMap(RawClient.decode)
            #expect(frames.count == 2)
            guard case .failure(_, _, let both)? = frames.first, case .failure(_, _, let revoked)? = frames.last else {
                Issue.record("expected two refusals, got \(third.frames)")
                return
            }
            #expect(both.detail == .malformedFrame && both.message.contains("not both"), "\(both)")
            #expect(revoked.code == .invalidToken && revoked.detail == .identityInvalidSessionToken)
            #expect(third.closeCode == .policyViolation && third.closeReason == "identity.invalidSessionToken")
        }
    }

    @Test func theSDKReadsTheRoomManagementURLWhenThereIsOne() async throws {
        try await withTestServer { server in
            let configuration = try await server.connect("alice").persistentChatServices.serverConfiguration
            #expect(configuration.roomManagementUrl?.absoluteString == "http://127.0.0.1:\(server.port)/#/manage")
            #expect(try await server.connect("bob").persistentChatServices.getAllAddIns().isEmpty)
        }
        try await withTestServer(configure: { $0.webClient.publicURL = "https://chat.contoso.com/" }) { server in
            let configuration = try await server.connect("alice").persistentChatServices.serverConfiguration
            #expect(configuration.roomManagementUrl?.absoluteString == "https://chat.contoso.com/#/manage")
        }
        try await withTestServer(configure: { $0.webClient.enabled = false }) { server in
            let configuration = try await server.connect("alice").persistentChatServices.serverConfiguration
            #expect(configuration.roomManagementUrl == nil)
        }
    }
}
