import Foundation
import PersistentChatProtocol

/// Protocol v1 frames as text, for the bare clients.
enum PchatFrames {
    private static let codec = FrameCodec()

    static func establish(user: Int, seq: Int = 1) -> String {
        text(ClientFrame(seq: seq, command: EstablishRequest(
            user: "sip:user\(user)@bench.example", password: BenchServer.password, client: "pchat-bench")))
    }

    static func join(room: String, history: Int = 0, seq: Int = 2) -> String {
        text(ClientFrame(seq: seq, command: JoinRequest(room: .name(room), history: history)))
    }

    static func post(room: ChatRoomURI, text body: String, seq: Int) -> String {
        text(ClientFrame(seq: seq, command: PostRequest(room: room, clientMessageId: "b\(seq)", text: body)))
    }

    private static func text(_ frame: ClientFrame) -> String {
        (try? codec.encode(frame)) ?? ""
    }

    /// The room URI in a join reply.
    static func joinedRoom(in reply: String) -> ChatRoomURI? {
        guard case .reply(_, "join", let raw) = try? codec.decodeServerFrame(reply),
              let join = try? raw.decode(JoinReply.self) else { return nil }
        return join.room.uri
    }

    /// The send time stamped into a benchmark message as `t=NANOS;`, if the text carries one.
    /// Scans bytes: the receivers call it for every frame, and Foundation's `range(of:)` would dominate their CPU.
    static func stamp(in text: String) -> UInt64? {
        var utf8 = text.utf8.makeIterator()
        var previous: UInt8 = 0
        while let byte = utf8.next() {
            if previous == UInt8(ascii: "t"), byte == UInt8(ascii: "=") {
                var value: UInt64 = 0
                var digits = 0
                while let digit = utf8.next(), digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "9") {
                    value = value &* 10 &+ UInt64(digit - UInt8(ascii: "0"))
                    digits += 1
                }
                if digits > 0 { return value }
            }
            previous = byte
        }
        return nil
    }

    /// True for a reply frame (`"type":"rpl"`).
    static func isReply(_ text: String) -> Bool {
        text.contains(#""type":"rpl""#)
    }
}
