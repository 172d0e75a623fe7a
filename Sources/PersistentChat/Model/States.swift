/// The life of a ``PersistentChatEndpoint``.
public enum PersistentChatEndpointState: String, Sendable, Equatable {
    case idle, establishing, established, terminating, terminated
}

/// The life of a ``ChatRoomSession``.
public enum ChatRoomSessionState: String, Sendable, Equatable {
    case idle, establishing, established, terminating, terminated
}
