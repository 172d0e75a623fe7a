import Foundation
@testable import PersistentChatProtocol
import Testing

@Suite struct FrameCodecTests {
    let codec = FrameCodec()
    let room = ChatRoomURI("ma-chan://contoso.com/11111111-2222-3333-4444-555555555555")

    @Test func clientFramesRoundTrip() throws {
        let room = try #require(room)
        let frames: [ClientFrame] = [
            ClientFrame(seq: 1, command: EstablishRequest(user: "sip:alice@contoso.com", password: "pw", client: "t")),
            ClientFrame(seq: 2, command: BrowseRequest(criteria: "help", matchAll: true)),
            ClientFrame(seq: 3, command: JoinRequest(room: .name("help-desk"), history: 5)),
            ClientFrame(seq: 4, command: PostRequest(room: room, clientMessageId: "c1", text: "hi", alert: true)),
            ClientFrame(seq: 5, command: LeaveRequest(room: room)),
            ClientFrame(seq: 6, command: TerminateRequest()),
        ]
        for frame in frames {
            let text = try codec.encode(frame)
            #expect(try codec.decodeClientFrame(text).get() == frame)
        }
        #expect(try codec.decodeClientFrame(#"{"v":1,"type":"cmd","seq":7,"cmd":"serverInfo"}"#).get().command is ServerInfoRequest)
        #expect(ClientFrame(seq: 1, command: TerminateRequest()) != ClientFrame(seq: 1, command: ServerInfoRequest()))
    }

    @Test func serverFramesRoundTrip() throws {
        let room = try #require(room)
        let message = ChatMessagePayload(id: 7, room: room, roomName: "help", author: try #require(SIPURI("sip:bob@contoso.com")),
                                         text: "hello", alert: false, ts: 1_700_000_000_000, clientMessageId: nil)
        let post = PostReply(messageId: 7, timestamp: 1, duplicate: false)
        guard case .reply(4, "grpchat", let raw) = try codec.decodeServerFrame(try codec.encode(ServerFrame.reply(seq: 4, to: PostRequest.self, post))) else {
            Issue.record("a post reply did not decode as one")
            return
        }
        #expect(try raw.decode(PostReply.self) == post)
        guard case .message(let decoded) = try codec.decodeServerFrame(try codec.encode(ServerFrame.message(message))) else {
            Issue.record("a message did not decode as one")
            return
        }
        #expect(decoded == message)
        let failureText = try codec.encode(ServerFrame.failure(seq: 3, command: "join", ErrorPayload(.errorPermission, .membersOnly, "x")))
        #expect(failureText.contains(#""code":403"#) && failureText.contains(#""ErrorPermission""#))
        guard case .failure(3, "join", let error) = try codec.decodeServerFrame(failureText) else {
            Issue.record("a failure did not decode as one")
            return
        }
        #expect(error.detail == .membersOnly)
    }

    @Test func badFramesAreDescribedWithTheirSeq() {
        guard case .failure(let unknown) = codec.decodeClientFrame(#"{"v":1,"type":"cmd","seq":9,"cmd":"fly","data":{}}"#) else {
            Issue.record("an unknown command decoded")
            return
        }
        #expect(unknown.seq == 9)
        #expect(unknown.error.payload.code == .msgNotSupported)
        guard case .failure(let missing) = codec.decodeClientFrame(#"{"v":1,"type":"grpchat","seq":2,"data":{"text":"x"}}"#) else {
            Issue.record("a post without a room decoded")
            return
        }
        #expect(missing.seq == 2)
        #expect(missing.error.payload.message.contains("room"))
        guard case .failure(let garbage) = codec.decodeClientFrame("{{{") else {
            Issue.record("garbage decoded")
            return
        }
        #expect(garbage.seq == 0)
        #expect(garbage.error.payload.detail == .malformedFrame)
    }

    @Test func uris() {
        #expect(ChatRoomURI("ma-chan://Contoso.com/11111111-2222-3333-4444-555555555555")?.domain == "contoso.com")
        #expect(ChatRoomURI("ma-chan://contoso.com/not-a-guid") == nil)
        #expect(ChatRoomURI("http://contoso.com/11111111-2222-3333-4444-555555555555") == nil)
        #expect(SIPURI("SIP:Alice@Contoso.com")?.value == "sip:alice@contoso.com")
        #expect(SIPURI("sip:alice") == nil)
        #expect(SIPURI("alice@contoso.com") == nil)
        #expect(PersistentChatErrorCode(name: "PresenterNotInMemList")?.rawValue == 23)
    }

    /// The one-pass check of ASCII SIP URIs agrees with the general rule on every case.
    @Test(arguments: ["sip:alice@contoso.com", "SIP:Alice@Contoso.COM", "sip:@contoso.com", "sip:alice@", "sip:a@b",
                      "sip:a@b@c", "sip:a b@c", "sip:a@b/c", "sip:a\tb@c", "sip:", "sip", "", "sipx:a@b", "tel:a@b",
                      "sip:älice@contoso.com", "sip:alice@contoso.com\u{2003}", "SIP:ÄLICE@X"])
    func sipFastPathAgreesWithTheGeneralRule(text: String) {
        #expect(SIPURI.normalized(text) == SIPURI.normalizedSlowly(text))
    }

    @Test func roomURIsWithExtraSlashesOrCaseInTheScheme() {
        #expect(ChatRoomURI("MA-CHAN://contoso.com/11111111-2222-3333-4444-555555555555")?.domain == "contoso.com")
        #expect(ChatRoomURI("ma-chan://contoso.com/x/11111111-2222-3333-4444-555555555555") == nil)
        #expect(ChatRoomURI("ma-chan:///11111111-2222-3333-4444-555555555555") == nil)
        #expect(ChatRoomURI("ma-chan://contoso.com/11111111-2222-3333-4444-555555555555/") == nil)
        #expect(ChatRoomURI("ma-chan:/") == nil)
    }

    /// The one-pass GUID reader takes exactly what Foundation's `UUID(uuidString:)` takes, and reads the same value.
    @Test(arguments: ["11111111-2222-3333-4444-555555555555", "ABCDEF01-abcd-EFab-0123-456789aBcDeF",
                      "00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff",
                      "11111111-2222-3333-4444-55555555555", "11111111-2222-3333-4444-5555555555555",
                      "111111112-222-3333-4444-555555555555", "11111111-2222-3333-4444_555555555555",
                      "{11111111-2222-3333-4444-555555555555}", "11111111-2222-3333-4444-55555555555g",
                      "11111111222233334444555555555555",
                      "11111111-2222-3333-4444-55555555555٣", "", "-", "1-2-3-4-5"])
    func guidsReadAsFoundationReadsThem(text: String) {
        #expect(parseUUID(Substring(text)) == UUID(uuidString: text))
        if let uuid = UUID(uuidString: text) {
            #expect(ChatRoomURI("ma-chan://contoso.com/\(text)")?.description == "ma-chan://contoso.com/\(uuid.uuidString.lowercased())")
        }
    }

    @Test func guidsWriteAsFoundationWritesThem() {
        for uuid in (0..<200).map({ _ in UUID() }) + [UUID(uuid: (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0))] {
            #expect(uuid.lowercaseText == uuid.uuidString.lowercased())
            #expect(parseUUID(Substring(uuid.lowercaseText)) == uuid)
        }
    }

    /// Foundation's `sscanf` skips blanks inside a GUID (" 1…-55555555555" reads as "…555555555505"): not a GUID here.
    @Test func guidsWithBlanksAreRefused() {
        #expect(parseUUID(" 11111111-2222-3333-4444-55555555555") == nil)
        #expect(parseUUID("11111111-2222-3333-4444- 55555555555") == nil)
        #expect(ChatRoomURI("ma-chan://contoso.com/ 11111111-2222-3333-4444-55555555555") == nil)
    }
}
