@_exported import PersistentChatProtocol

/// The one error type of the SDK: what kind of failure, the Lync code, a stable detail and a message.
///
/// Match on ``kind``, ``code`` or ``detail``; never on ``message``.
public struct PersistentChatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad kind of failure (the Lync exception it replaces).
    public enum Kind: Sendable, Equatable {
        /// The server could not be reached or the connection is gone (`ChatServerConnectionException`).
        case connection
        /// The operation does not fit the endpoint's or session's state (`ChatRoomSessionStateException`).
        case invalidState
        /// An argument was refused before anything was sent (`ArgumentException`).
        case invalidArgument
        /// The server refused the command (`CommandFailedException`).
        case commandFailed
        /// The caller cancelled the operation (a file transfer's `CancelJob`).
        case cancelled
    }

    public var kind: Kind
    public var code: PersistentChatErrorCode
    public var detail: ErrorDetail
    public var message: String
    /// How long to wait before trying again, when the server said (a throttled sign-in, a per-user quota).
    public var retryAfter: Duration?

    public init(kind: Kind, code: PersistentChatErrorCode, detail: ErrorDetail, message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.code = code
        self.detail = detail
        self.message = message
        self.retryAfter = retryAfter
    }

    /// A refusal the server sent.
    public init(_ payload: ErrorPayload) {
        self.init(kind: .commandFailed, code: payload.code, detail: payload.detail, message: payload.message,
                  retryAfter: payload.retryAfterMs.map { .milliseconds($0) })
    }

    static func connection(_ message: String) -> PersistentChatError {
        PersistentChatError(kind: .connection, code: .serverError, detail: ErrorDetail(rawValue: "connection.failed"), message: message)
    }

    static func invalidState(_ message: String) -> PersistentChatError {
        PersistentChatError(kind: .invalidState, code: .invalidFlowOfOperations, detail: ErrorDetail(rawValue: "state.invalid"),
                            message: message)
    }

    static func invalidArgument(_ message: String) -> PersistentChatError {
        PersistentChatError(kind: .invalidArgument, code: .invalidArgument, detail: .invalidArgument, message: message)
    }

    static func cancelled(_ message: String) -> PersistentChatError {
        PersistentChatError(kind: .cancelled, code: .invalidFlowOfOperations, detail: ErrorDetail(rawValue: "transfer.cancelled"),
                            message: message)
    }

    public var description: String { "\(message) (\(code.name), \(detail))" }
}
