import Foundation
@testable import PersistentChatProtocol
import Testing

/// History replies written by hand read back as what was written, through the fast reader and through `JSONDecoder`
/// alike; every other reply has its data cut out by the fast reader and decoded once, to the same value.
@Suite struct HotReplyFramesTests {
    static func messages() throws -> [ChatMessagePayload] {
        let room = try #require(HotFramesTests.room)
        let author = try #require(HotFramesTests.author)
        var messages = HotFramesTests.texts.enumerated().map { index, text in
            ChatMessagePayload(id: Int64(index) - 2, room: room, roomName: "room \(text)", author: author, text: text,
                               alert: index % 2 == 0, ts: 1_800_000_000_000 + Int64(index),
                               clientMessageId: index % 3 == 0 ? nil : text, storyTitle: index % 4 == 0 ? text : nil)
        }
        messages.append(ChatMessagePayload(id: 99, room: room, roomName: "r", author: author, text: "formatted", alert: false,
                                           ts: 7, clientMessageId: nil, parts: HotFramesTests.parts(room: room)))
        return messages
    }

    /// The frame's reply, decoded as `type` the way the SDK does, and again from `JSONDecoder` alone.
    func readBack<Reply: Decodable & Sendable>(_ bytes: [UInt8], as type: Reply.Type, seq: Int, command: String) throws -> (fast: Reply, slow: Reply) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard case .reply(let readSeq, let readCommand, let raw) = try FrameCodec().decodeServerFrame(text) else {
            throw FrameError(.invalidArgument, .malformedFrame, "not a reply frame: \(text)")
        }
        #expect(readSeq == seq)
        #expect(readCommand == command)
        return (try raw.decode(type), try RawReply(text: text).decode(type))
    }

    @Test func historyPagesReadBackWhole() throws {
        let reply = HistoryReply(messages: try Self.messages())
        let bytes = try #require(HotFrames.reply(seq: 12, command: HistoryRequest.name, data: reply))
        let (fast, slow) = try readBack(bytes, as: HistoryReply.self, seq: 12, command: HistoryRequest.name)
        #expect(fast == reply)
        #expect(slow == reply)
        #expect(HotFrameReader.reply(in: String(decoding: bytes, as: UTF8.self))?.reply.decoded as? HistoryReply == reply)
        // JSONEncoder's frame for the same reply (keys in its own order) reads the same through the fast reader.
        let viaEncoder = try FrameCodec().encode(ServerFrame.reply(seq: 12, to: HistoryRequest.self, reply))
        #expect(try HotFrameReader.reply(in: viaEncoder)?.reply.decode(HistoryReply.self) == reply)
    }

    @Test func searchResultsReadBackWhole() throws {
        let room = try #require(HotFramesTests.room)
        let messages = try Self.messages()
        let reply = QueryHistoryReply(results: [
            HistoryResultPayload(room: room, roomName: "first \"room\"", messages: messages, exceededServerLimit: true, searchResultsCount: 1_234),
            HistoryResultPayload(room: room, roomName: "", messages: [], exceededServerLimit: false, searchResultsCount: 0),
        ])
        let bytes = try #require(HotFrames.reply(seq: 5, command: QueryHistoryRequest.name, data: reply))
        let (fast, slow) = try readBack(bytes, as: QueryHistoryReply.self, seq: 5, command: QueryHistoryRequest.name)
        #expect(fast == reply)
        #expect(slow == reply)
        let empty = QueryHistoryReply(results: [])
        let emptyBytes = try #require(HotFrames.reply(seq: 6, command: QueryHistoryRequest.name, data: empty))
        #expect(try readBack(emptyBytes, as: QueryHistoryReply.self, seq: 6, command: QueryHistoryRequest.name).fast == empty)
    }

    @Test(arguments: [false, true])
    func joinsReadBackWhole(rosterHidden: Bool) throws {
        let room = try #require(HotFramesTests.room)
        let author = try #require(HotFramesTests.author)
        let category = try #require(CategoryURI("ma-cat://contoso.com/99999999-2222-3333-4444-555555555555"))
        let reply = JoinReply(
            room: RoomSnapshotPayload(uri: room, name: "help \"desk\"", description: "line\nbreak", category: category,
                                      categoryName: "Help", privacy: .closed, behavior: .auditorium, participants: 3),
            permissions: [.canChat, .canManageRoom],
            participants: rosterHidden ? [] : [ParticipantPayload(uri: author, displayName: "Alice ✓", isManager: true, isPresenter: false)],
            rosterHidden: rosterHidden, history: try Self.messages(), filePostAllowed: !rosterHidden, invitations: rosterHidden,
            logged: true)
        let bytes = try #require(HotFrames.reply(seq: 3, command: JoinRequest.name, data: reply))
        let (fast, slow) = try readBack(bytes, as: JoinReply.self, seq: 3, command: JoinRequest.name)
        #expect(fast == reply)
        #expect(slow == reply)
        #expect(HotFrameReader.reply(in: String(decoding: bytes, as: UTF8.self))?.reply.decoded as? JoinReply == reply)
        let viaEncoder = try FrameCodec().encode(ServerFrame.reply(seq: 3, to: JoinRequest.self, reply))
        #expect(try HotFrameReader.reply(in: viaEncoder)?.reply.decode(JoinReply.self) == reply)
    }

    @Test func otherRepliesAreLeftToTheEncoder() {
        #expect(HotFrames.reply(seq: 1, command: SetPreferenceRequest.name, data: SetPreferenceReply(sequenceId: 3)) == nil)
    }

    /// Replies the fast reader does not decode are cut out and decoded once, in any key order and layout.
    @Test(arguments: [false, true])
    func otherRepliesDecodeFromTheirDataAlone(pretty: Bool) throws {
        let reply = PreferenceReply(bundle: PreferenceBundlePayload(label: "l \"x\" {[", sequenceId: 4, data: "d\\\n}]"))
        let encoder = JSONEncoder()
        if pretty { encoder.outputFormatting = [.prettyPrinted, .sortedKeys] }
        let text = String(decoding: try encoder.encode(ServerFrame.reply(seq: 8, to: GetPreferenceRequest.self, reply)), as: UTF8.self)
        let fast = try #require(HotFrameReader.reply(in: text))
        #expect(fast.seq == 8)
        #expect(fast.command == GetPreferenceRequest.name)
        #expect(fast.reply.decoded == nil)
        #expect(try fast.reply.decode(PreferenceReply.self) == reply)
        let none = try FrameCodec().encode(ServerFrame.reply(seq: 9, to: GetPreferenceRequest.self, PreferenceReply(bundle: nil)))
        #expect(try HotFrameReader.reply(in: none).map { try $0.reply.decode(PreferenceReply.self) } == PreferenceReply(bundle: nil))
    }

    /// Text that is not one well-formed reply is left to `JSONDecoder`, which says what is wrong.
    @Test(arguments: [
        #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":{"a":"unterminated}}"#,
        #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":{"a":[1,2}}"#,
        #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":{"a":tru}}"#,
        #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":{"a":1}} trailing"#,
        #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":{"a":1},"extra":2}"#,
        #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200}"#,
        #"{"v":1,"type":"rpl","cmd":"x","code":200,"data":{}}"#,
        #"{"v":1,"type":"ntc","ntc":"x","data":{}}"#,
        #"{"v":1,"type":"rpl","seq":1,"cmd":"history","code":200,"data":{"messages":[{"id":1}]}}"#,
    ])
    func malformedRepliesAreLeftToTheDecoder(frame: String) {
        let fast = HotFrameReader.reply(in: frame)
        if let fast {
            // Read as a reply, but its data does not decode as a history page: the requester gets the decoder's error.
            #expect(fast.reply.decoded == nil)
            #expect(throws: DecodingError.self) { try fast.reply.decode(HistoryReply.self) }
        }
        #expect(fast == nil || frame.contains("\"history\""))
    }

    @Test func deepNestingIsLeftToTheDecoder() {
        let depth = HotFrameReader.maximumDepth + 1
        let data = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(HotFrameReader.reply(in: #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":\#(data)}"#) == nil)
        let shallow = String(repeating: "[", count: depth - 2) + String(repeating: "]", count: depth - 2)
        #expect(HotFrameReader.reply(in: #"{"v":1,"type":"rpl","seq":1,"cmd":"x","code":200,"data":\#(shallow)}"#) != nil)
    }
}
