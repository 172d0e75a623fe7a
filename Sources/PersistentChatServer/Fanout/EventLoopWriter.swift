import NIOConcurrencyHelpers
import NIOCore
import NIOWebSocket

/// Writes text frames to the connections of one event loop, in the order they are given, with coalesced flushes.
///
/// Each frame is encoded once (header and payload in one buffer) and written below the channel's WebSocket frame
/// encoder, so a delivery is one buffer handed to the socket: no frame encoding, header allocation or boxing per
/// connection. Frames given while a drain is already scheduled join it, so under load each connection gets one flush
/// (one `writev`) for many frames; when idle, a frame is written as soon as the loop runs.
final class EventLoopWriter: Sendable {
    private let loop: any EventLoop
    private let pending = NIOLockedValueBox(Pending())

    private struct Pending {
        var batches: [(frame: ByteBuffer, targets: [Outbox])] = []
        var scheduled = false
    }

    /// The writer of `loop` (one per event loop, for the life of the process).
    static func of(_ loop: any EventLoop) -> EventLoopWriter {
        writers.withLockedValue { writers in
            if let writer = writers[ObjectIdentifier(loop)] { return writer }
            let writer = EventLoopWriter(loop: loop)
            writers[ObjectIdentifier(loop)] = writer
            return writer
        }
    }

    private static let writers = NIOLockedValueBox<[ObjectIdentifier: EventLoopWriter]>([:])

    private init(loop: any EventLoop) {
        self.loop = loop
    }

    /// Writes `text` as one text frame to every outbox in `targets` (all on this writer's loop).
    func write(_ text: ByteBuffer, to targets: [Outbox]) {
        let frame = Self.encodeTextFrame(text)
        let schedule = pending.withLockedValue { pending -> Bool in
            pending.batches.append((frame, targets))
            guard !pending.scheduled else { return false }
            pending.scheduled = true
            return true
        }
        if schedule { loop.execute { self.drain() } }
    }

    private func drain() {
        let batches = pending.withLockedValue { pending in
            defer {
                pending.batches.removeAll(keepingCapacity: true)
                pending.scheduled = false
            }
            return pending.batches
        }
        var written: [ObjectIdentifier: ChannelHandlerContext] = [:]
        for batch in batches {
            let data = NIOAny(IOData.byteBuffer(batch.frame))
            for target in batch.targets {
                guard let context = target.encoderContext() else { continue }
                context.write(data, promise: nil)
                if batches.count == 1 {
                    context.flush()
                } else {
                    written[ObjectIdentifier(context)] = context
                }
            }
        }
        for context in written.values { context.flush() }
    }

    /// A server-to-client text frame (final, unmasked): header and payload in one buffer.
    static func encodeTextFrame(_ payload: ByteBuffer) -> ByteBuffer {
        var frame = ByteBuffer()
        frame.reserveCapacity(payload.readableBytes + 10)
        frame.writeInteger(UInt8(0x81))
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
