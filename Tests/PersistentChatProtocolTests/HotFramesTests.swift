import Foundation
@testable import PersistentChatProtocol
import Testing

/// The hand-written message and acknowledgement frames decode to exactly what they encode, as `JSONEncoder`'s do.
@Suite struct HotFramesTests {
    static let room = ChatRoomURI("ma-chan://contoso.com/11111111-2222-3333-4444-555555555555")
    static let author = SIPURI("sip:alice@contoso.com")

    static let texts = ["plain", "", "quote \" and backslash \\ and slash /", "line\nbreak\r\ttab", "bell \u{07} nul \u{00} esc \u{1B} \u{1F}",
                        "ünïcödé ✓ 🚀 e\u{301}", "\u{7F} delete and \u{2028} line separator", #"{"json":"inside"}"#,
                        "\n\"\\escapes first, twice in a row, and last\t\u{01}"]

    @Test(arguments: texts)
    func messagesDecodeToWhatWasEncoded(text: String) throws {
        let room = try #require(Self.room)
        let author = try #require(Self.author)
        for (clientMessageId, storyTitle, alert) in [(String?.none, String?.none, false), (text, text, true)] {
            let message = ChatMessagePayload(id: 9_007_199_254_740_993, room: room, roomName: "room \(text)", author: author,
                                             text: text, alert: alert, ts: 1_800_000_000_000, clientMessageId: clientMessageId,
                                             storyTitle: storyTitle)
            let bytes = try #require(HotFrames.message(message))
            let decoded = try FrameCodec().decodeServerFrame(String(decoding: bytes, as: UTF8.self))
            guard case .message(let back) = decoded else {
                Issue.record("not a message frame: \(decoded)")
                return
            }
            #expect(back == message)
            let viaEncoder = try FrameCodec().decodeServerFrame(try FrameCodec().encode(ServerFrame.message(message)))
            guard case .message(let expected) = viaEncoder else { return }
            #expect(back == expected)
        }
    }

    @Test func formattedMessagesKeepTheirParts() throws {
        let room = try #require(Self.room)
        let message = ChatMessagePayload(id: 1, room: room, roomName: "r", author: try #require(Self.author),
                                         text: "t", alert: false, ts: 1, clientMessageId: nil,
                                         parts: Self.parts(room: room))
        let hot = String(decoding: try #require(HotFrames.message(message)), as: UTF8.self)
        #expect(HotFrameReader.message(in: hot) == message)
        guard case .message(let back) = try FrameCodec().decodeServerFrame(hot) else {
            Issue.record("not a message frame: \(hot)")
            return
        }
        #expect(back == message)
        let viaEncoder = try FrameCodec().encode(ServerFrame.message(message))
        #expect(HotFrameReader.message(in: viaEncoder) == message)
    }

    /// One part of every kind, with text that needs escaping.
    static func parts(room: ChatRoomURI) -> [MessagePartPayload] {
        [.text("a \"quoted\" \\ word\n"), .hyperlink(text: "site", url: "https://example.com/?q=1&r=\"2\""),
         .emoticon(.smile), .roomLink(text: "the room", room: room), .fileLink(name: "f.txt", size: 1_234, uri: "file://x")]
    }

    @Test(arguments: [false, true])
    func postRepliesDecodeToWhatWasEncoded(duplicate: Bool) throws {
        let reply = PostReply(messageId: 42, timestamp: 1_800_000_000_123, duplicate: duplicate)
        let decoded = try FrameCodec().decodeServerFrame(String(decoding: HotFrames.postReply(seq: 77, reply), as: UTF8.self))
        guard case .reply(let seq, let command, let raw) = decoded else {
            Issue.record("not a reply frame: \(decoded)")
            return
        }
        #expect(seq == 77)
        #expect(command == PostRequest.name)
        #expect(try raw.decode(PostReply.self) == reply)
    }

    @Test(arguments: texts)
    func theReaderReadsWhatBothEncodersWrite(text: String) throws {
        let message = ChatMessagePayload(id: -3, room: try #require(Self.room), roomName: text, author: try #require(Self.author),
                                         text: text, alert: true, ts: 0, clientMessageId: text, storyTitle: nil)
        let hot = String(decoding: try #require(HotFrames.message(message)), as: UTF8.self)
        #expect(HotFrameReader.message(in: hot) == message)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let pretty = String(decoding: try encoder.encode(ServerFrame.message(message)), as: UTF8.self)
        #expect(HotFrameReader.message(in: pretty) == message)
    }

    @Test func theReaderTakesEveryStringEscape() throws {
        let frame = #"{"type":"grpchat","v":1,"data":{"ts":5,"id":7,"alert":false,"clientMessageId":null,"#
            + #""room":"ma-chan:\/\/contoso.com\/11111111-2222-3333-4444-555555555555","roomName":"r","#
            + #""author":"sip:alice@contoso.com","text":"\"\\\/\b\f\n\r\t\u00e9\ud83d\ude80\u0000"}}"#
        let message = try #require(HotFrameReader.message(in: frame))
        #expect(message.text == "\"\\/\u{08}\u{0C}\n\r\té🚀\u{00}")
        #expect(message.clientMessageId == nil)
        #expect(message.room == Self.room)
    }

    /// Anything outside the flat message shape is left to `JSONDecoder`, which still decodes it or names the error.
    @Test(arguments: [
        #"{"v":1,"type":"grpchat","data":{"id":1,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","text":"t","alert":false,"ts":1,"parts":[{"type":"nonsense"}]}}"#,
        #"{"v":1,"type":"grpchat","data":{"id":1.5,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","text":"t","alert":false,"ts":1}}"#,
        #"{"v":1,"type":"grpchat","data":{"id":1,"room":"not a uri","roomName":"r","author":"sip:a@c.com","text":"t","alert":false,"ts":1}}"#,
        #"{"v":1,"type":"grpchat","data":{"id":1,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","alert":false,"ts":1}}"#,
        #"{"v":2,"type":"grpchat","data":{"id":1,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","text":"t","alert":false,"ts":1}}"#,
        #"{"v":1,"type":"grpchat","data":{"id":1,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","text":"t","alert":false,"ts":1}} trailing"#,
        #"{"v":1,"type":"grpchat","data":{"id":1,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","text":"\ud83d","alert":false,"ts":1}}"#,
        #"{"v":1,"type":"ntc","ntc":"participantJoined","data":{}}"#,
        #"{"v":1,"type":"grpchat","data":{"id":99999999999999999999,"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","roomName":"r","author":"sip:a@c.com","text":"t","alert":false,"ts":1}}"#,
    ])
    func theReaderLeavesOtherShapesToTheDecoder(frame: String) {
        #expect(HotFrameReader.message(in: frame) == nil)
    }

    @Test(arguments: texts)
    func postsReadAsTheDecoderReadsThem(text: String) throws {
        let room = try #require(Self.room)
        for post in [PostRequest(room: room, text: text), PostRequest(room: room, clientMessageId: text, text: text, alert: true, storyTitle: text)] {
            let wire = try FrameCodec().encode(ClientFrame(seq: 41, command: post))
            let fast = try #require(HotFrameReader.post(in: wire))
            #expect(fast == ClientFrame(seq: 41, command: post))
            let decoded = try JSONDecoder().decode(ClientFrame.self, from: Data(wire.utf8))
            #expect(fast == decoded)
        }
    }

    /// Posts the fast path does not take still reach the decoder, which decodes them or says what is wrong.
    @Test(arguments: [
        #"{"v":1,"type":"grpchat","seq":1,"data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","text":"t","alert":false,"parts":[]}}"#,
        #"{"v":2,"type":"grpchat","seq":1,"data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","text":"t","alert":false}}"#,
        #"{"v":1,"type":"grpchat","seq":1,"data":{"room":"not-a-uri","text":"t","alert":false}}"#,
        #"{"v":1,"type":"grpchat","data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","text":"t","alert":false}}"#,
        #"{"v":1,"type":"grpchat","seq":1,"data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","alert":false}}"#,
        #"{"v":1,"type":"cmd","cmd":"join","seq":1,"data":{"room":{"name":"x"}}}"#,
        #"{"v":1,"type":"grpchat","seq":1,"data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","text":"t","text":"u","alert":false}}"#,
        #"{"v":1,"type":"grpchat","seq":1,"seq":2,"data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","text":"t","alert":false}}"#,
        #"{"v":1,"type":"grpchat","seq":01,"data":{"room":"ma-chan://c.com/11111111-2222-3333-4444-555555555555","text":"t","alert":false}}"#,
    ])
    func otherPostsAreLeftToTheDecoder(frame: String) {
        #expect(HotFrameReader.post(in: frame) == nil)
    }

    @Test func postRepliesReadFastAndFailuresDoNot() throws {
        let reply = PostReply(messageId: 5, timestamp: 6, duplicate: true)
        let fast = try #require(HotFrameReader.reply(in: String(decoding: HotFrames.postReply(seq: 3, reply), as: UTF8.self)))
        #expect(fast.seq == 3)
        #expect(fast.command == PostRequest.name)
        #expect(fast.reply.decoded as? PostReply == reply)
        let failure = try FrameCodec().encode(ServerFrame.failure(seq: 3, command: PostRequest.name, ErrorPayload(.limitExceeded, .tooLong, "too long")))
        #expect(HotFrameReader.reply(in: failure) == nil)
        guard case .failure(let seq, _, let error) = try FrameCodec().decodeServerFrame(failure) else {
            Issue.record("a failure did not decode as one")
            return
        }
        #expect(seq == 3)
        #expect(error.detail == .tooLong)
        let otherReply = try FrameCodec().encode(ServerFrame.reply(seq: 4, to: PostRequest.self, reply))
        // JSONEncoder's key order varies from run to run: read fast or cut out, the reply decodes the same.
        #expect(try HotFrameReader.reply(in: otherReply)?.reply.decode(PostReply.self) == reply)
        // Another command's reply is not read as a post's, whatever its data looks like: its data is cut out instead.
        let join = #"{"v":1,"type":"rpl","seq":4,"cmd":"join","code":200,"data":{"messageId":1,"timestamp":2,"duplicate":false}}"#
        let other = try #require(HotFrameReader.reply(in: join))
        #expect(other.reply.decoded == nil)
        #expect(other.reply.data.map { String(decoding: $0, as: UTF8.self) } == #"{"messageId":1,"timestamp":2,"duplicate":false}"#)
    }
}

/// The hand-written post frame reads back, through the fast reader and through `JSONDecoder`, as the post it was.
@Suite struct HotPostFrameTests {
    @Test(arguments: HotFramesTests.texts)
    func postsDecodeToWhatWasEncoded(text: String) throws {
        let room = try #require(HotFramesTests.room)
        for (clientMessageId, storyTitle, alert) in [(String?.none, String?.none, false), (text, text, true)] {
            let request = PostRequest(room: room, clientMessageId: clientMessageId, text: text, alert: alert, storyTitle: storyTitle)
            let json = String(decoding: try #require(HotFrames.post(seq: 31, request)), as: UTF8.self)
            guard case .success(let frame) = FrameCodec().decodeClientFrame(json) else {
                Issue.record("the codec refused \(json)")
                return
            }
            #expect(frame.seq == 31)
            #expect(frame.command as? PostRequest == request)
            let slow = try JSONDecoder().decode(ClientFrame.self, from: Data(json.utf8))
            #expect(slow.command as? PostRequest == request)
        }
    }

    @Test func formattedPostsAreLeftToTheEncoder() throws {
        let request = PostRequest(room: try #require(HotFramesTests.room), text: "t", parts: [])
        #expect(HotFrames.post(seq: 1, request) == nil)
    }
}
