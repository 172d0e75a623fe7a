import Foundation

/// One frame from server to client, as the server builds it.
public enum ServerFrame: Sendable, Encodable {
    /// A successful reply to the command numbered `seq`, with the command's reply data.
    case reply(seq: Int, command: String, data: any Encodable & Sendable)
    /// A failed reply (seq 0 when the command's number could not be read).
    case failure(seq: Int, command: String, ErrorPayload)
    case notice(Notice)
    /// A chat message delivered live.
    case message(ChatMessagePayload)

    /// A successful reply, typed by the command it answers.
    public static func reply<Command: ChatCommand>(seq: Int, to command: Command.Type, _ data: Command.Reply) -> ServerFrame {
        .reply(seq: seq, command: Command.name, data: data)
    }

    enum Keys: String, CodingKey { case v, type, seq, cmd, code, data, error, ntc }

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
            try notice.encodeData(to: c.superEncoder(forKey: .data))
        case .failure(let seq, let command, let error):
            try c.encode("rpl", forKey: .type)
            try c.encode(seq, forKey: .seq)
            try c.encode(command, forKey: .cmd)
            try c.encode(Self.status(for: error.code), forKey: .code)
            try c.encode(error, forKey: .error)
        case .reply(let seq, let command, let data):
            try c.encode("rpl", forKey: .type)
            try c.encode(seq, forKey: .seq)
            try c.encode(command, forKey: .cmd)
            try c.encode(200, forKey: .code)
            try c.encode(data, forKey: .data)
        }
    }

    /// The HTTP-like status sent beside a failure's Lync code.
    public static func status(for code: PersistentChatErrorCode) -> Int {
        switch code {
        case .errorPermission, .principalsNotInScope: 403
        case .noSuchNode, .noSuchPrincipal: 404
        case .invalidArgument, .msgNotSupported, .invalidFlowOfOperations, .userNotJoined, .presenterNotInMemList,
             .nodeHierarchyViolation: 400
        case .limitExceeded: 413
        case .duplicateRoomName, .dataCollision, .principalsAlreadyDefined, .duplicateAddinName: 409
        case .nodeDisabled: 410
        case .invalidToken: 401
        default: 500
        }
    }
}

/// One frame from server to client, as a client reads it; reply data is decoded later, by the type the request expects.
public enum InboundFrame: Sendable {
    case reply(seq: Int, command: String, RawReply)
    case failure(seq: Int, command: String, ErrorPayload)
    case notice(Notice)
    case message(ChatMessagePayload)
}

/// A successful reply's frame, kept as text until its requester decodes the data.
public struct RawReply: Sendable {
    let text: String
    /// The data, when the frame was read by the fast path (see `HotFrameReader`).
    let decoded: (any Sendable)?
    /// The data's bytes alone, when the fast path read the frame's header but not its data.
    let data: Data?

    init(text: String, decoded: (any Sendable)? = nil, data: Data? = nil) {
        self.text = text
        self.decoded = decoded
        self.data = data
    }

    /// Decodes the reply's `data` as `type`.
    public func decode<Reply: Decodable>(_ type: Reply.Type) throws -> Reply {
        if let decoded = decoded as? Reply { return decoded }
        if let data { return try JSONDecoder().decode(Reply.self, from: data) }
        return try JSONDecoder().decode(DataHolder<Reply>.self, from: Data(text.utf8)).data
    }

    private struct DataHolder<Value: Decodable>: Decodable { let data: Value }
}

extension InboundFrame: Decodable {
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: ServerFrame.Keys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "grpchat":
            self = .message(try c.decode(ChatMessagePayload.self, forKey: .data))
        case "ntc":
            self = .notice(try Notice(name: try c.decode(String.self, forKey: .ntc), data: c.superDecoder(forKey: .data)))
        case "rpl":
            let seq = try c.decode(Int.self, forKey: .seq)
            let cmd = try c.decode(String.self, forKey: .cmd)
            if let error = try c.decodeIfPresent(ErrorPayload.self, forKey: .error) {
                self = .failure(seq: seq, command: cmd, error)
            } else {
                // The text is filled in by FrameCodec, which has it.
                self = .reply(seq: seq, command: cmd, RawReply(text: ""))
            }
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown frame type '\(type)'")
        }
    }
}
