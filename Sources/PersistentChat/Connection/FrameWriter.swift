import Synchronization
import NIOCore
import NIOWebSocket

/// Sends a connection's text frames from any thread, in the order given.
///
/// Frames queued while the event loop is busy go out together with one flush, so a client with many posts in flight
/// makes one system call per batch, not one per post.
final class FrameWriter: Sendable {
    private struct Queue {
        var frames: [ByteBuffer] = []
        var drainScheduled = false
    }
    private let channel: any Channel
    private let queue = Mutex(Queue())

    init(channel: any Channel) {
        self.channel = channel
    }

    /// Queues one text frame holding `bytes`.
    func send(_ bytes: some Collection<UInt8>) {
        send(buffer: channel.allocator.buffer(bytes: bytes))
    }

    /// Queues one text frame holding `text`.
    func send(_ text: String) {
        send(buffer: channel.allocator.buffer(string: text))
    }

    /// Sends what is queued, then a close frame, and waits until the connection has closed (at most `timeout`).
    func close(code: WebSocketErrorCode, reason: String, timeout: TimeAmount) async {
        let channel = channel
        channel.eventLoop.execute {
            self.drain()
            var payload = channel.allocator.buffer(capacity: 2 + reason.utf8.count)
            payload.write(webSocketErrorCode: code)
            payload.writeString(reason)
            channel.writeAndFlush(WebSocketFrame(fin: true, opcode: .connectionClose, maskKey: .random(), data: payload),
                                  promise: nil)
        }
        let forced = channel.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
        try? await channel.closeFuture.get()
        forced.cancel()
    }

    private func send(buffer: ByteBuffer) {
        let schedule = queue.withLock { queue in
            queue.frames.append(buffer)
            defer { queue.drainScheduled = true }
            return !queue.drainScheduled
        }
        if schedule { channel.eventLoop.execute { self.drain() } }
    }

    /// Writes every queued frame and flushes once; runs on the event loop.
    private func drain() {
        let frames = queue.withLock { queue in
            queue.drainScheduled = false
            var taken: [ByteBuffer] = []
            swap(&taken, &queue.frames)
            return taken
        }
        guard !frames.isEmpty else { return }
        for frame in frames {
            channel.write(WebSocketFrame(fin: true, opcode: .text, maskKey: .random(), data: frame), promise: nil)
        }
        channel.flush()
    }
}
