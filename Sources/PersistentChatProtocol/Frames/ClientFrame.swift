/// One frame from client to server: a `cmd` (or a `grpchat` post), numbered by `seq`.
public struct ClientFrame: Sendable, Codable, Equatable {
    public var seq: Int
    public var command: any ChatCommand

    public init(seq: Int, command: any ChatCommand) {
        self.seq = seq
        self.command = command
    }

    /// The command's wire name.
    public var name: String { type(of: command).name }

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
            command = try c.decode(PostRequest.self, forKey: .data)
        case "cmd":
            let name = try c.decode(String.self, forKey: .cmd)
            guard let commandType = CommandCatalog.type(named: name), commandType != PostRequest.self else {
                throw FrameError(.msgNotSupported, .unknownCommand,
                                 "unknown command '\(name)'; known: \(CommandCatalog.names.filter { $0 != PostRequest.name }.joined(separator: ", "))")
            }
            if !c.contains(.data), let dataFree = commandType as? any DataFreeCommand.Type {
                command = dataFree.init()
            } else {
                command = try commandType.decodeData(from: c, key: .data)
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
        if command is PostRequest {
            try c.encode("grpchat", forKey: .type)
        } else {
            try c.encode("cmd", forKey: .type)
            try c.encode(name, forKey: .cmd)
        }
        try c.encode(command, forKey: .data)
    }

    public static func == (lhs: ClientFrame, rhs: ClientFrame) -> Bool {
        lhs.seq == rhs.seq && lhs.command.isSame(as: rhs.command)
    }
}

/// A frame that could not be understood, with the Lync code to reply with.
public struct FrameError: Error, Sendable, Equatable {
    public var payload: ErrorPayload
    public init(_ code: PersistentChatErrorCode, _ detail: ErrorDetail, _ message: String) {
        payload = ErrorPayload(code, detail, message)
    }
}
