/// An unsolicited server notice (`ntc` frame).
public enum Notice: Sendable, Equatable {
    case participantJoined(ParticipantNotice)
    case participantLeft(ParticipantNotice)
    case sessionEnded(SessionEndedNotice)

    /// The notice's wire name.
    public var name: String {
        switch self {
        case .participantJoined: "participantJoined"
        case .participantLeft: "participantLeft"
        case .sessionEnded: "sessionEnded"
        }
    }

    /// The room the notice is about, when it is about one.
    public var room: ChatRoomURI? {
        switch self {
        case .participantJoined(let n), .participantLeft(let n): n.room
        case .sessionEnded(let n): n.room
        }
    }

    func encodeData(to encoder: any Encoder) throws {
        switch self {
        case .participantJoined(let n), .participantLeft(let n): try n.encode(to: encoder)
        case .sessionEnded(let n): try n.encode(to: encoder)
        }
    }

    init(name: String, data decoder: any Decoder) throws {
        switch name {
        case "participantJoined": self = .participantJoined(try ParticipantNotice(from: decoder))
        case "participantLeft": self = .participantLeft(try ParticipantNotice(from: decoder))
        case "sessionEnded": self = .sessionEnded(try SessionEndedNotice(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown notice '\(name)'"))
        }
    }
}
