/// The wire names and reply types of the connection and room-session commands.
extension EstablishRequest: ChatCommand {
    public typealias Reply = EstablishReply
    public static let name = "establish"
}

/// Asks for the server configuration (Lync `PersistentChatServerConfiguration`).
public struct ServerInfoRequest: DataFreeCommand {
    public typealias Reply = ServerInfo
    public static let name = "serverInfo"
    public init() {}
}

/// Ends the endpoint's connection after the reply.
public struct TerminateRequest: DataFreeCommand {
    public typealias Reply = Empty
    public static let name = "terminate"
    public init() {}
}

extension BrowseRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "browse"
}

extension JoinRequest: ChatCommand {
    public typealias Reply = JoinReply
    public static let name = "join"
}

extension LeaveRequest: ChatCommand {
    public typealias Reply = Empty
    public static let name = "leave"
}

/// A post travels as a `grpchat` frame rather than a `cmd`.
extension PostRequest: ChatCommand {
    public typealias Reply = PostReply
    public static let name = "grpchat"
}

extension HistoryRequest: ChatCommand {
    public typealias Reply = HistoryReply
    public static let name = "history"
}
