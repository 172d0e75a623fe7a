/// A command a client can send, with its data.
public enum ClientCommand: Sendable, Equatable {
    case establish(EstablishRequest)
    case serverInfo
    case browse(BrowseRequest)
    case join(JoinRequest)
    case leave(LeaveRequest)
    case history(HistoryRequest)
    case terminate
    /// A chat message, sent as a `grpchat` frame.
    case post(PostRequest)

    /// The command's wire name (`grpchat` for posts).
    public var name: String {
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

    /// Every command name the server understands, for error messages.
    public static let names = ["establish", "serverInfo", "browse", "join", "leave", "history", "terminate"]
}

/// One frame from client to server: `cmd` or `grpchat`, numbered by `seq`.
public struct ClientFrame: Sendable, Equatable, Codable {
    public var seq: Int
    public var command: ClientCommand

    public init(seq: Int, command: ClientCommand) {
        self.seq = seq
        self.command = command
    }

    enum Keys: String, CodingKey { case v, type, seq, cmd, data }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        let version = try c.decode(Int.self, forKey: .v)
        guard version == ProtocolLimits.version else {
            throw FrameError(.msgNotSupported, .unsupportedVersion,
                             "protocol version \(version) is not supported (this server speaks \(ProtocolLimits.version))")
        }
        seq = try c.decode(Int.self, forKey: .seq)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "grpchat":
            command = .post(try c.decode(PostRequest.self, forKey: .data))
        case "cmd":
            let name = try c.decode(String.self, forKey: .cmd)
            switch name {
            case "establish": command = .establish(try c.decode(EstablishRequest.self, forKey: .data))
            case "serverInfo": command = .serverInfo
            case "browse": command = .browse(try c.decode(BrowseRequest.self, forKey: .data))
            case "join": command = .join(try c.decode(JoinRequest.self, forKey: .data))
            case "leave": command = .leave(try c.decode(LeaveRequest.self, forKey: .data))
            case "history": command = .history(try c.decode(HistoryRequest.self, forKey: .data))
            case "terminate": command = .terminate
            default:
                throw FrameError(.msgNotSupported, .unknownCommand,
                                 "unknown command '\(name)'; known: \(ClientCommand.names.joined(separator: ", "))")
            }
        default:
            throw FrameError(.msgNotSupported, .unknownCommand,
                             "unknown frame type '\(type)'; a client sends 'cmd' or 'grpchat'")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(ProtocolLimits.version, forKey: .v)
        try c.encode(seq, forKey: .seq)
        switch command {
        case .post(let post):
            try c.encode("grpchat", forKey: .type)
            try c.encode(post, forKey: .data)
            return
        default:
            try c.encode("cmd", forKey: .type)
            try c.encode(command.name, forKey: .cmd)
        }
        switch command {
        case .establish(let r): try c.encode(r, forKey: .data)
        case .browse(let r): try c.encode(r, forKey: .data)
        case .join(let r): try c.encode(r, forKey: .data)
        case .leave(let r): try c.encode(r, forKey: .data)
        case .history(let r): try c.encode(r, forKey: .data)
        case .serverInfo, .terminate, .post: try c.encode(Empty(), forKey: .data)
        }
    }
}

/// A frame that could not be understood, with the Lync code to reply with.
public struct FrameError: Error, Sendable, Equatable {
    public var payload: ErrorPayload
    public init(_ code: PersistentChatErrorCode, _ detail: ErrorDetail, _ message: String) {
        payload = ErrorPayload(code, detail, message)
    }
}
