/// Version and size constants of protocol v1 (docs/protocol.md).
public enum ProtocolLimits {
    /// The only protocol version this build speaks.
    public static let version = 1
    /// The WebSocket path the server listens on; clients append it to `ws://HOST:PORT`.
    public static let webSocketPath = "/pchat/v1"
    /// The HTTP path prefix of file transfers; the token follows.
    public static let filesPath = "/pchat/v1/files"
    /// Default cap on one WebSocket frame, in bytes.
    public static let defaultFrameSizeLimit = 160 * 1024
    /// Default cap on a message's text, in UTF-8 bytes.
    public static let defaultMessageSizeLimit = 8 * 1024
    /// Default cap on a story's body, in UTF-8 bytes.
    public static let defaultStorySizeLimit = 64 * 1024
    /// Longest room, category or client message id, in characters.
    public static let maxNameLength = 256
    /// Longest client message id, in characters.
    public static let maxClientMessageIdLength = 128
}
