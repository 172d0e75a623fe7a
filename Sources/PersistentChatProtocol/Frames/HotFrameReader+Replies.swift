import Foundation

/// Successful replies, client side: the header in one pass, the data decoded here for the replies the post path,
/// joins and history reads make, and otherwise cut out so `JSONDecoder` parses only the data, and only once.
extension HotFrameReader {
    /// The successful reply in `text`, or nil for any other frame (failures, notices, messages) and for text this
    /// reader does not take; the caller then decodes the whole frame with `JSONDecoder`.
    static func reply(in text: String) -> (seq: Int, command: String, reply: RawReply)? {
        read(text) { reader in
            var decoded: (any Sendable)?
            var data: Data?
            guard let header = reader.readFrame(type: "rpl", { reader, header in
                let start = reader.position
                if let value = reader.readReplyData(command: header.command) {
                    decoded = value
                    return true
                }
                reader.position = start
                guard reader.skipValue() else { return false }
                data = Data(UnsafeBufferPointer(rebasing: reader.bytes[start..<reader.position]))
                return true
            }), header.code == 200, let seq = header.seq, let command = header.command else { return nil }
            return (seq, command, RawReply(text: text, decoded: decoded, data: data))
        }
    }

    /// The data of a reply to `command` when it is one this reader decodes, else nil (the position is then anywhere).
    private mutating func readReplyData(command: String?) -> (any Sendable)? {
        switch command {
        case PostRequest.name?: readPostReply()
        case HistoryRequest.name?: readHistoryReply()
        case QueryHistoryRequest.name?: readQueryHistoryReply()
        case JoinRequest.name?: readJoinReply()
        default: nil
        }
    }

    /// A join's reply: its history read here, its small members (room, permissions, roster) by `JSONDecoder`.
    private mutating func readJoinReply() -> JoinReply? {
        var room: RoomSnapshotPayload?, permissions: RoomPermissionMap?, participants: [ParticipantPayload]?
        var rosterHidden: Bool?, history: [ChatMessagePayload]?, filePostAllowed: Bool?, invitations: Bool?, logged: Bool?
        let complete = readObject { reader, key in
            switch key {
            case "room": room = reader.decodeValue(RoomSnapshotPayload.self)
            case "permissions": permissions = reader.decodeValue(RoomPermissionMap.self)
            case "participants": participants = reader.decodeValue([ParticipantPayload].self)
            case "rosterHidden": rosterHidden = reader.readBool()
            case "history": history = reader.readMessages()
            case "filePostAllowed": filePostAllowed = reader.readBool()
            case "invitations": invitations = reader.readBool()
            case "logged": logged = reader.readBool()
            default: return false
            }
            return true
        }
        guard complete, let room, let permissions, let participants, let rosterHidden, let history, let filePostAllowed,
              let invitations, let logged else { return nil }
        return JoinReply(room: room, permissions: permissions, participants: participants, rosterHidden: rosterHidden,
                         history: history, filePostAllowed: filePostAllowed, invitations: invitations, logged: logged)
    }

    private mutating func readHistoryReply() -> HistoryReply? {
        var messages: [ChatMessagePayload]?
        let complete = readObject { reader, key in
            guard key == "messages" else { return false }
            messages = reader.readMessages()
            return messages != nil
        }
        guard complete, let messages else { return nil }
        return HistoryReply(messages: messages)
    }

    private mutating func readQueryHistoryReply() -> QueryHistoryReply? {
        var results: [HistoryResultPayload]?
        let complete = readObject { reader, key in
            guard key == "results" else { return false }
            var read: [HistoryResultPayload] = []
            guard reader.readArray({ reader in
                guard let result = reader.readHistoryResult() else { return false }
                read.append(result)
                return true
            }) else { return false }
            results = read
            return true
        }
        guard complete, let results else { return nil }
        return QueryHistoryReply(results: results)
    }

    private mutating func readHistoryResult() -> HistoryResultPayload? {
        var room: ChatRoomURI?, roomName: String?, messages: [ChatMessagePayload]?, exceeded: Bool?, count: Int?
        let complete = readObject { reader, key in
            switch key {
            case "room": room = reader.readString().flatMap(ChatRoomURI.init)
            case "roomName": roomName = reader.readString()
            case "messages": messages = reader.readMessages()
            case "exceededServerLimit": exceeded = reader.readBool()
            case "searchResultsCount": count = reader.readInteger().flatMap { Int(exactly: $0) }
            default: return false
            }
            return true
        }
        guard complete, let room, let roomName, let messages, let exceeded, let count else { return nil }
        return HistoryResultPayload(room: room, roomName: roomName, messages: messages, exceededServerLimit: exceeded,
                                    searchResultsCount: count)
    }

    private mutating func readMessages() -> [ChatMessagePayload]? {
        var messages: [ChatMessagePayload] = []
        let complete = readArray { reader in
            guard let message = reader.readMessage() else { return false }
            messages.append(message)
            return true
        }
        return complete ? messages : nil
    }
}
