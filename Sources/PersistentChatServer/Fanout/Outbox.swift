import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// One connection's queue of encoded frames; a client that lets it overflow is disconnected.
final class Outbox: Sendable {
    /// Identifies the connection in the hub.
    let id: Int
    private let continuation: AsyncStream<ByteBuffer>.Continuation
    private let closeState = NIOLockedValueBox<(code: WebSocketErrorCode, reason: String)?>(nil)

    init(id: Int, continuation: AsyncStream<ByteBuffer>.Continuation) {
        self.id = id
        self.continuation = continuation
    }

    /// Queues a frame; false when the connection is closing or too slow (it is then closed).
    @discardableResult
    func send(_ frame: ByteBuffer) -> Bool {
        switch continuation.yield(frame) {
        case .enqueued:
            return true
        case .dropped:
            close(.policyViolation, reason: "client too slow: outbound queue full")
            return false
        case .terminated:
            return false
        @unknown default:
            return false
        }
    }

    /// Sends what is queued, then closes with `code` and `reason` (the first reason given wins).
    func close(_ code: WebSocketErrorCode, reason: String) {
        closeState.withLockedValue { state in
            if state == nil { state = (code, reason) }
        }
        continuation.finish()
    }

    /// Why the connection is being closed, if it is.
    var closeReason: (code: WebSocketErrorCode, reason: String)? {
        closeState.withLockedValue { $0 }
    }
}
