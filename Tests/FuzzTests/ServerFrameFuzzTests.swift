import Foundation
@testable import PersistentChatProtocol
import Testing

/// The SDK's hand-written reader of messages and replies, attacked with damaged server frames: whatever it reads must
/// be what `JSONDecoder` reads, and nothing may crash or hang.
@Suite struct ServerFrameFuzzTests {
    static func seeds() throws -> [[UInt8]] {
        guard let room = ChatRoomURI("ma-chan://contoso.com/11111111-2222-3333-4444-555555555555"),
              let author = SIPURI("sip:bob@contoso.com") else { return [] }
        let message = ChatMessagePayload(id: 9_007_199_254_740_993, room: room, roomName: "help \"desk\"", author: author,
                                         text: "line\nbreak \u{1F680} \\ end", alert: true, ts: 1_800_000_000_000,
                                         clientMessageId: "c-1", storyTitle: "title",
                                         parts: [.text("a"), .hyperlink(text: "site", url: "https://example.com/?q=1")])
        let plain = ChatMessagePayload(id: 1, room: room, roomName: "r", author: author, text: "t", alert: false, ts: 2,
                                       clientMessageId: nil)
        let codec = FrameCodec()
        var frames: [[UInt8]] = []
        for each in [message, plain] {
            frames.append(try codec.encodeBytes(.message(each)))
            frames.append(Array(try JSONEncoder().encode(ServerFrame.message(each))))
        }
        frames.append(try codec.encodeBytes(.reply(seq: 4, to: PostRequest.self, PostReply(messageId: 7, timestamp: 8, duplicate: true))))
        frames.append(try codec.encodeBytes(.reply(seq: 5, to: HistoryRequest.self, HistoryReply(messages: [message, plain]))))
        frames.append(try codec.encodeBytes(.failure(seq: 6, command: "join", ErrorPayload(.errorPermission, .membersOnly, "no"))))
        return frames
    }

    @Test func damagedServerFramesAgreeWithJSONDecoder() async throws {
        let seeds = try Self.seeds()
        #expect(seeds.count == 7)
        let mutator = FuzzMutator(vocabulary: ClientFrameSeeds.vocabulary + [#""id":1,"#, #""ts":2,"#, #""code":200,"#,
                                                                            #""type":"rpl","#, #""type":"grpchat","#])
        await FuzzRun.run("server frames", inputs: 4_000, make: { random in
            mutator.mutate(random.pick(seeds), using: &random)
        }, check: Self.check)
    }

    static func check(_ bytes: [UInt8]) -> String? {
        let text = String(decoding: bytes, as: UTF8.self)
        let reference = Result { try JSONDecoder().decode(InboundFrame.self, from: Data(text.utf8)) }
        if let hot = HotFrameReader.message(in: text) {
            guard case .success(.message(let expected)) = reference else { return "the reader read a message JSONDecoder does not" }
            if hot != expected { return "the reader read \(hot), JSONDecoder \(expected)" }
        }
        if let (seq, command, raw) = HotFrameReader.reply(in: text) {
            guard case .success(.reply(let expectedSeq, let expectedCommand, _)) = reference else {
                return "the reader read a reply JSONDecoder does not"
            }
            guard seq == expectedSeq, command == expectedCommand else {
                return "the reader read reply \(seq) to \(command), JSONDecoder \(expectedSeq) to \(expectedCommand)"
            }
            if let type = CommandCatalog.type(named: command), !Self.sameData(type, hot: raw, text: text) {
                return "the reader's reply data differs from JSONDecoder's"
            }
        }
        _ = try? FrameCodec().decodeServerFrame(text)
        return nil
    }

    /// Whether the data of `hot` reads as `JSONDecoder` reads the whole frame's.
    static func sameData<Command: ChatCommand>(_ type: Command.Type, hot: RawReply, text: String) -> Bool {
        (try? hot.decode(Command.Reply.self)) == (try? RawReply(text: text).decode(Command.Reply.self))
    }
}
