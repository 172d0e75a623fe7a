import Foundation

extension HotFrames {
    /// A successful reply frame written by hand when its data is a history page, a history search or a join (the
    /// replies that carry many messages); nil for any other data, which goes through `JSONEncoder`. A join's other
    /// members (room, permissions, roster) are small and go through `JSONEncoder` one by one.
    public static func reply(seq: Int, command: String, data: any Encodable & Sendable) -> [UInt8]? {
        var out: [UInt8] = []
        switch data {
        case let history as HistoryReply:
            out.reserveCapacity(estimatedSize(of: history.messages) + 96)
            appendReplyHeader(seq: seq, command: command, to: &out)
            out += #"{"messages":"#.utf8
            guard appendMessages(history.messages, to: &out) else { return nil }
        case let query as QueryHistoryReply:
            out.reserveCapacity(query.results.reduce(96) { $0 + estimatedSize(of: $1.messages) + 160 })
            appendReplyHeader(seq: seq, command: command, to: &out)
            out += #"{"results":["#.utf8
            for (index, result) in query.results.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                out += #"{"room":"#.utf8
                appendString(result.room.description, to: &out)
                out += #","roomName":"#.utf8
                appendString(result.roomName, to: &out)
                out += #","messages":"#.utf8
                guard appendMessages(result.messages, to: &out) else { return nil }
                out += #","exceededServerLimit":\#(result.exceededServerLimit),"searchResultsCount":\#(result.searchResultsCount)}"#.utf8
            }
            out.append(UInt8(ascii: "]"))
        case let join as JoinReply:
            out.reserveCapacity(estimatedSize(of: join.history) + join.participants.count * 120 + 600)
            appendReplyHeader(seq: seq, command: command, to: &out)
            let encoder = JSONEncoder()
            guard let room = try? encoder.encode(join.room), let permissions = try? encoder.encode(join.permissions),
                  let participants = try? encoder.encode(join.participants) else { return nil }
            out += #"{"room":"#.utf8
            out += room
            out += #","permissions":"#.utf8
            out += permissions
            out += #","participants":"#.utf8
            out += participants
            out += #","rosterHidden":\#(join.rosterHidden),"history":"#.utf8
            guard appendMessages(join.history, to: &out) else { return nil }
            out += #","filePostAllowed":\#(join.filePostAllowed),"invitations":\#(join.invitations),"logged":\#(join.logged)"#.utf8
        default:
            return nil
        }
        out += "}}".utf8
        return out
    }

    /// `{"v":1,"type":"rpl","seq":…,"cmd":"…","code":200,"data":` — the keys in the order `ServerFrame` encodes them.
    private static func appendReplyHeader(seq: Int, command: String, to out: inout [UInt8]) {
        out += #"{"v":\#(ProtocolLimits.version),"type":"rpl","seq":\#(seq),"cmd":"#.utf8
        appendString(command, to: &out)
        out += #","code":200,"data":"#.utf8
    }

    /// Appends `[message, …]`; false when a message's parts cannot be encoded.
    private static func appendMessages(_ messages: [ChatMessagePayload], to out: inout [UInt8]) -> Bool {
        out.append(UInt8(ascii: "["))
        for (index, message) in messages.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard appendMessage(message, to: &out) else { return false }
        }
        out.append(UInt8(ascii: "]"))
        return true
    }

    /// Roughly the bytes `messages` take as JSON, to reserve the buffer once.
    private static func estimatedSize(of messages: [ChatMessagePayload]) -> Int {
        messages.reduce(2) { $0 + $1.text.utf8.count + $1.roomName.utf8.count + 200 }
    }
}
