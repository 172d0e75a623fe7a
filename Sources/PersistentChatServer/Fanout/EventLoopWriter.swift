import Synchronization
import NIOCore
import NIOWebSocket

/// Writes text frames to the connections of one event loop, in the order they are given, with coalesced flushes; a
/// connection's close is queued with its frames, so its close frame follows everything sent before it.
///
/// Each frame is encoded once (header and payload in one buffer) and written below the channel's WebSocket frame
/// encoder, so a delivery is one buffer handed to the socket: no frame encoding, header allocation or boxing per
/// connection. Frames given while a drain is already scheduled join it, so under load each connection gets one flush
/// (one `writev`) for many frames; when idle, a frame is written as soon as the loop runs.
final class EventLoopWriter: Sendable {
    private let loop: any EventLoop
    private let pending = Mutex(Pending())

    private enum Item {
        /// One encoded frame for several connections.
        case frame(ByteBuffer, [Outbox])
        /// A connection closes after every frame queued before.
        case close(Outbox)
    }

    private struct Pending {
        var items: [Item] = []
        var scheduled = false
    }

    /// The writer of `loop` (one per event loop, for the life of the process).
    static func of(_ loop: any EventLoop) -> EventLoopWriter {
        writers.withLock { writers in
            if let writer = writers[ObjectIdentifier(loop)] { return writer }
            let writer = EventLoopWriter(loop: loop)
            writers[ObjectIdentifier(loop)] = writer
            return writer
        }
    }

    private static let writers = Mutex<[ObjectIdentifier: EventLoopWriter]>([:])

    private init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Writes `text` as one text frame to every outbox in `targets` (all on this writer's loop).
    func write(_ text: ByteBuffer, to targets: [Outbox]) {
        enqueue(.frame(Self.encodeTextFrame(text), targets))
    }

    /// Starts `outbox`'s close handshake once every frame queued before has been written.
    func close(_ outbox: Outbox) {
        enqueue(.close(outbox))
    }

    private func enqueue(_ item: Item) {
        let schedule = pending.withLock { pending -> Bool in
            pending.items.append(item)
            guard !pending.scheduled else { return false }
            pending.scheduled = true
            return true
        }
        if schedule { loop.execute { self.drain() } }
    }

    private func drain() {
        let items = pending.withLock { pending in
            let items = pending.items
            pending.items = []
            pending.scheduled = false
            return items
        }
        // One item (the common case when the loop keeps up): flush as it goes, without collecting the connections.
        let flushAtOnce = items.count == 1
        var toFlush: [ObjectIdentifier: ChannelHandlerContext] = [:]
        for item in items {
            switch item {
            case .frame(let frame, let targets):
                let data = NIOAny(IOData.byteBuffer(frame))
                for target in targets {
                    guard let encoder = target.handOver(frame.readableBytes) else { continue }
                    encoder.write(data, promise: nil)
                    if flushAtOnce {
                        encoder.flush()
                    } else {
                        toFlush[ObjectIdentifier(encoder)] = encoder
                    }
                }
            case .close(let outbox):
                if let encoder = outbox.openEncoder() {
                    encoder.flush()
                    toFlush[ObjectIdentifier(encoder)] = nil
                }
                outbox.startCloseHandshake()
            }
        }
        for encoder in toFlush.values { encoder.flush() }
    }

    /// A server-to-client text frame (final, unmasked): header and payload in one buffer.
    static func encodeTextFrame(_ payload: ByteBuffer) -> ByteBuffer {
        encodeFrame(.text, payload)
    }

    /// The size of a server-to-client frame with `length` bytes of payload: what ``encodeFrame(_:_:)`` makes of it.
    static func encodedSize(ofPayload length: Int) -> Int {
        length + (length < 126 ? 2 : length <= Int(UInt16.max) ? 4 : 10)
    }

    /// A final, unmasked server-to-client frame: header and payload in one buffer.
    static func encodeFrame(_ opcode: WebSocketOpcode, _ payload: ByteBuffer) -> ByteBuffer {
        var frame = ByteBuffer()
        frame.reserveCapacity(payload.readableBytes + 10)
        frame.writeInteger(UInt8(0x80) | UInt8(webSocketOpcode: opcode))
        let length = payload.readableBytes
        if length < 126 {
            frame.writeInteger(UInt8(length))
        } else if length <= Int(UInt16.max) {
            frame.writeInteger(UInt8(126))
            frame.writeInteger(UInt16(length))
        } else {
            frame.writeInteger(UInt8(127))
            frame.writeInteger(UInt64(length))
        }
        frame.writeImmutableBuffer(payload)
        return frame
    }
}
