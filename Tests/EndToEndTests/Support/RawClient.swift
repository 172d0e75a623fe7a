import Foundation
import HummingbirdWSClient
import Logging
import NIOWebSocket
import PersistentChatProtocol
import Synchronization

/// A bare WebSocket client that sends any frame, for malformed-input tests.
enum RawClient {
    /// Frames received and how the server closed.
    struct Transcript: Sendable {
        var frames: [String]
        var closeCode: WebSocketErrorCode?
        var closeReason: String?
    }

    /// What to send: text, binary, or a pause to collect replies.
    enum Step: Sendable {
        case text(String)
        case binary([UInt8])
        /// Waits until `count` replies have arrived in total (or 5 s).
        case await(count: Int)
    }

    static func run(_ url: String, steps: [Step], maxFrameSize: Int = 1 << 22) async throws -> Transcript {
        let received = ReceivedFrames()
        var logger = Logger(label: "raw-client")
        logger.logLevel = .critical
        let client = WebSocketClient(url: url + ProtocolLimits.webSocketPath, configuration: .init(maxFrameSize: maxFrameSize),
                                     logger: logger) { inbound, outbound, _ in
            let reader = Task {
                for try await message in inbound.messages(maxSize: maxFrameSize) {
                    if case .text(let text) = message { received.texts.withLock { $0.append(text) } }
                }
            }
            for step in steps {
                switch step {
                case .text(let text): try await outbound.write(.text(text))
                case .binary(let bytes): try await outbound.write(.binary(.init(bytes: bytes)))
                case .await(let count):
                    let deadline = ContinuousClock.now + .seconds(5)
                    while received.texts.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
                        try await Task.sleep(for: .milliseconds(10))
                    }
                }
            }
            _ = try? await reader.value
        }
        let close = try await client.run()
        return Transcript(frames: received.texts.withLock { $0 }, closeCode: close?.closeCode, closeReason: close?.reason)
    }

    static func establish(_ user: String = "alice", seq: Int = 1) -> String {
        #"{"v":1,"type":"cmd","seq":\#(seq),"cmd":"establish","data":{"user":"sip:\#(user)@contoso.com","password":"\#(TestDirectory.password)"}}"#
    }

    static func decode(_ text: String) -> InboundFrame? { try? FrameCodec().decodeServerFrame(text) }

    /// The failure reply with `seq`, if any.
    static func failure(_ transcript: Transcript, seq: Int) -> ErrorPayload? {
        for frame in transcript.frames.compactMap(decode) {
            if case .failure(let s, _, let error) = frame, s == seq { return error }
        }
        return nil
    }
}

/// The text frames a raw client received, shared with its WebSocket handler.
private final class ReceivedFrames: Sendable {
    let texts = Mutex<[String]>([])
}
