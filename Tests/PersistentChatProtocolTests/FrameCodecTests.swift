import Foundation
import PersistentChatProtocol
import Testing

@Suite struct FrameCodecTests {
    let codec = FrameCodec()
    let room = ChatRoomURI("ma-chan://contoso.com/11111111-2222-3333-4444-555555555555")

    @Test func clientFramesRoundTrip() throws {
        let room = try #require(room)
        let frames: [ClientFrame] = [
            ClientFrame(seq: 1, command: .establish(EstablishRequest(user: "sip:alice@contoso.com", password: "pw", client: "t"))),
            ClientFrame(seq: 2, command: .browse(BrowseRequest(criteria: "help", matchAll: true))),
            ClientFrame(seq: 3, command: .join(JoinRequest(room: .name("help-desk"), history: 5))),
            ClientFrame(seq: 4, command: .post(PostRequest(room: room, clientMessageId: "c1", text: "hi", alert: true))),
            ClientFrame(seq: 5, command: .leave(LeaveRequest(room: room))),
            ClientFrame(seq: 6, command: .terminate),
        ]
        for frame in frames {
            let text = try codec.encode(frame)
            #expect(try codec.decodeClientFrame(text).get() == frame)
        }
    }

    @Test func serverFramesRoundTrip() throws {
        let room = try #require(room)
        let message = ChatMessagePayload(id: 7, room: room, roomName: "help", author: try #require(SIPURI("sip:bob@contoso.com")),
                                         text: "hello", alert: false, ts: 1_700_000_000_000, clientMessageId: nil)
        let frames: [ServerFrame] = [
            .reply(seq: 4, .post(PostReply(messageId: 7, timestamp: 1, duplicate: false))),
            .failure(seq: 3, command: "join", ErrorPayload(.errorPermission, .membersOnly, "members only")),
            .message(message),
            .reply(seq: 8, .history(HistoryReply(messages: [message]))),
        ]
        for frame in frames {
            #expect(try codec.decodeServerFrame(try codec.encode(frame)) == frame)
        }
        let failure = try codec.encode(ServerFrame.failure(seq: 3, command: "join", ErrorPayload(.errorPermission, .membersOnly, "x")))
        #expect(failure.contains(#""code":403"#) && failure.contains(#""ErrorPermission""#))
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
}
