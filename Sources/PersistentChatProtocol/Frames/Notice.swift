/// An unsolicited server notice (`ntc` frame).
public enum Notice: Sendable, Equatable {
    case participantJoined(ParticipantNotice)
    case participantLeft(ParticipantNotice)
    case sessionEnded(SessionEndedNotice)
    /// A participant became or stopped being a manager or presenter.
    case privilegeChanged(ParticipantNotice)
    case roomChanged(RoomChangedNotice)
    /// The caller was invited to a room.
    case invitation(InvitationPayload)

    /// The notice's wire name.
    public var name: String {
        switch self {
        case .participantJoined: "participantJoined"
        case .participantLeft: "participantLeft"
        case .sessionEnded: "sessionEnded"
        case .privilegeChanged: "privilegeChanged"
        case .roomChanged: "roomChanged"
        case .invitation: "invitation"
        }
    }

    /// The room the notice is about, when it is about one.
    public var room: ChatRoomURI? {
        switch self {
        case .participantJoined(let n), .participantLeft(let n), .privilegeChanged(let n): n.room
        case .sessionEnded(let n): n.room
        case .roomChanged(let n): n.room
        case .invitation: nil
        }
    }

    func encodeData(to encoder: any Encoder) throws {
        switch self {
        case .participantJoined(let n), .participantLeft(let n), .privilegeChanged(let n): try n.encode(to: encoder)
        case .sessionEnded(let n): try n.encode(to: encoder)
        case .roomChanged(let n): try n.encode(to: encoder)
        case .invitation(let n): try n.encode(to: encoder)
        }
    }

    init(name: String, data decoder: any Decoder) throws {
        switch name {
        case "participantJoined": self = .participantJoined(try ParticipantNotice(from: decoder))
        case "participantLeft": self = .participantLeft(try ParticipantNotice(from: decoder))
        case "sessionEnded": self = .sessionEnded(try SessionEndedNotice(from: decoder))
        case "privilegeChanged": self = .privilegeChanged(try ParticipantNotice(from: decoder))
        case "roomChanged": self = .roomChanged(try RoomChangedNotice(from: decoder))
        case "invitation": self = .invitation(try InvitationPayload(from: decoder))
        default:
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown notice '\(name)'"))
        }
    }
}
