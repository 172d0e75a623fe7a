/// The data of a successful reply, typed by the command it answers.
public enum ReplyBody: Sendable, Equatable {
    case establish(EstablishReply)
    case serverInfo(ServerInfo)
    case browse(BrowseReply)
    case join(JoinReply)
    case leave
    case history(HistoryReply)
    case terminate
    case post(PostReply)

    /// The name of the command this answers.
    public var commandName: String {
        switch self {
        case .establish: "establish"
        case .serverInfo: "serverInfo"
        case .browse: "browse"
        case .join: "join"
        case .leave: "leave"
        case .history: "history"
        case .terminate: "terminate"
        case .post: "grpchat"
        }
    }
}

/// An unsolicited server notice.
public enum Notice: Sendable, Equatable {
    case participantJoined(ParticipantNotice)
    case participantLeft(ParticipantNotice)
    case sessionEnded(SessionEndedNotice)

    public var name: String {
        switch self {
        case .participantJoined: "participantJoined"
        case .participantLeft: "participantLeft"
        case .sessionEnded: "sessionEnded"
        }
    }
}

/// One frame from server to client.
public enum ServerFrame: Sendable, Equatable, Codable {
    /// A successful reply to the command numbered `seq`.
    case reply(seq: Int, ReplyBody)
    /// A failed reply (seq 0 when the command's number could not be read).
    case failure(seq: Int, command: String, ErrorPayload)
    case notice(Notice)
    /// A chat message delivered live.
    case message(ChatMessagePayload)

    enum Keys: String, CodingKey { case v, type, seq, cmd, code, data, error, ntc }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "grpchat":
            self = .message(try c.decode(ChatMessagePayload.self, forKey: .data))
        case "ntc":
            let name = try c.decode(String.self, forKey: .ntc)
            switch name {
            case "participantJoined": self = .notice(.participantJoined(try c.decode(ParticipantNotice.self, forKey: .data)))
            case "participantLeft": self = .notice(.participantLeft(try c.decode(ParticipantNotice.self, forKey: .data)))
            case "sessionEnded": self = .notice(.sessionEnded(try c.decode(SessionEndedNotice.self, forKey: .data)))
            default:
                throw DecodingError.dataCorruptedError(forKey: .ntc, in: c, debugDescription: "unknown notice '\(name)'")
            }
        case "rpl":
            let seq = try c.decode(Int.self, forKey: .seq)
            let cmd = try c.decode(String.self, forKey: .cmd)
            if let error = try c.decodeIfPresent(ErrorPayload.self, forKey: .error) {
                self = .failure(seq: seq, command: cmd, error)
                return
            }
            let body: ReplyBody
            switch cmd {
            case "establish": body = .establish(try c.decode(EstablishReply.self, forKey: .data))
            case "serverInfo": body = .serverInfo(try c.decode(ServerInfo.self, forKey: .data))
            case "browse": body = .browse(try c.decode(BrowseReply.self, forKey: .data))
            case "join": body = .join(try c.decode(JoinReply.self, forKey: .data))
            case "leave": body = .leave
            case "history": body = .history(try c.decode(HistoryReply.self, forKey: .data))
            case "terminate": body = .terminate
            case "grpchat": body = .post(try c.decode(PostReply.self, forKey: .data))
            default:
                throw DecodingError.dataCorruptedError(forKey: .cmd, in: c, debugDescription: "reply to unknown command '\(cmd)'")
            }
            self = .reply(seq: seq, body)
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown frame type '\(type)'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ProtocolLimits.version, forKey: .v)
        switch self {
        case .message(let message):
            try c.encode("grpchat", forKey: .type)
            try c.encode(message, forKey: .data)
        case .notice(let notice):
            try c.encode("ntc", forKey: .type)
            try c.encode(notice.name, forKey: .ntc)
            switch notice {
            case .participantJoined(let n), .participantLeft(let n): try c.encode(n, forKey: .data)
            case .sessionEnded(let n): try c.encode(n, forKey: .data)
            }
        case .failure(let seq, let command, let error):
            try c.encode("rpl", forKey: .type)
            try c.encode(seq, forKey: .seq)
            try c.encode(command, forKey: .cmd)
            try c.encode(Self.status(for: error.code), forKey: .code)
            try c.encode(error, forKey: .error)
        case .reply(let seq, let body):
            try c.encode("rpl", forKey: .type)
            try c.encode(seq, forKey: .seq)
            try c.encode(body.commandName, forKey: .cmd)
            try c.encode(200, forKey: .code)
            switch body {
            case .establish(let r): try c.encode(r, forKey: .data)
            case .serverInfo(let r): try c.encode(r, forKey: .data)
            case .browse(let r): try c.encode(r, forKey: .data)
            case .join(let r): try c.encode(r, forKey: .data)
            case .history(let r): try c.encode(r, forKey: .data)
            case .post(let r): try c.encode(r, forKey: .data)
            case .leave, .terminate: try c.encode(Empty(), forKey: .data)
            }
        }
    }

    /// The HTTP-like status sent beside a failure's Lync code.
    public static func status(for code: PersistentChatErrorCode) -> Int {
        switch code {
        case .errorPermission, .principalsNotInScope: 403
        case .noSuchNode, .noSuchPrincipal: 404
        case .invalidArgument, .msgNotSupported, .invalidFlowOfOperations, .userNotJoined, .presenterNotInMemList: 400
        case .limitExceeded: 413
        case .duplicateRoomName, .dataCollision, .principalsAlreadyDefined, .duplicateAddinName: 409
        case .nodeDisabled: 410
        case .invalidToken: 401
        default: 500
        }
    }
}
