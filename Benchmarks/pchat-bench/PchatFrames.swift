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
    static func stamp(in text: String) -> UInt64? {
        guard let start = text.range(of: "t=") else { return nil }
        let digits = text[start.upperBound...].prefix { $0.isNumber }
        return UInt64(digits)
    }
}
