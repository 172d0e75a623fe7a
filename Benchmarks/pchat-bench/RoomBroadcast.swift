import Foundation
import Synchronization
import PersistentChatProtocol

/// S receivers joined to one room, and a publisher (user 1) posting stamped messages at a fixed rate. The same bare
/// clients run against pchatd or against the bare broadcast server, so two runs differ only in the server. The clients
/// are ``LightSocket``s, so that the load generator's own cost per frame stays small.
struct RoomBroadcast {
    /// What one run measured.
    struct Result {
        /// Deliveries per second, from the first post to the last receipt.
        var rate: Double
        var delivered: Int
        /// Every delivery, timed from its post.
        var deliveries: Latencies
        /// For each post that reached every receiver: the time until the last of them had it.
        var completions: Latencies
    }

    var receivers: Int
    var messages: Int
    var perSecond: Int
    /// Sockets opened at once while the receivers connect.
    var connectConcurrency = 32

    func measure(url: String, room: String?, label: String) async throws -> Result {
        let receipts = Receipts()
        let ready = Counter()
        let sockets = try await withThrowingTaskGroup(of: LightSocket.self) { group in
            var opened: [LightSocket] = []
            opened.reserveCapacity(receivers)
            var next = 1
            func addOpen() {
                let index = next
                next += 1
                group.addTask {
                    let socket = try await LightSocket.open(url: url) { text in
                        if let sent = PchatFrames.stamp(in: text) {
                            receipts.record(sentAt: sent)
                        } else if PchatFrames.isReply(text) {
                            ready.increment()
                        }
                    }
                    if let room {
                        socket.send(PchatFrames.establish(user: index + 1))
                        socket.send(PchatFrames.join(room: room))
                    }
                    return socket
                }
            }
            for _ in 0..<min(connectConcurrency, receivers) { addOpen() }
            for try await socket in group {
                opened.append(socket)
                if next <= receivers { addOpen() }
            }
            return opened
        }
        if room != nil, !(await ready.wait(for: receivers * 2, seconds: 300)) {
            for socket in sockets { await socket.close() }
            throw BenchError("only \(ready.value / 2) of \(receivers) sessions joined")
        }
        note("\(label): \(receivers) receivers ready")
        let publisherReplies = Counter()
        let roomBox = Mutex<ChatRoomURI?>(nil)
        let publisher = try await LightSocket.open(url: url) { text in
            if let uri = PchatFrames.joinedRoom(in: text) { roomBox.withLock { $0 = uri } }
            publisherReplies.increment()
        }
        if let room {
            publisher.send(PchatFrames.establish(user: 1))
            publisher.send(PchatFrames.join(room: room))
            _ = await publisherReplies.wait(for: 2, seconds: 30)
        }
        let roomURI = roomBox.withLock { $0 }
        let interval = 1_000_000_000 / UInt64(max(1, perSecond))
        let started = monotonicNanos()
        for number in 0..<messages {
            let due = started + UInt64(number) * interval
            let now = monotonicNanos()
            if due > now { try await Task.sleep(for: .nanoseconds(Int(due - now))) }
            let body = "t=\(monotonicNanos()); broadcast message \(number)"
            if room != nil, let roomURI {
                publisher.send(PchatFrames.post(room: roomURI, text: body, seq: 10 + number))
            } else {
                publisher.send(body)
            }
        }
        _ = await receipts.wait(for: messages * receivers, seconds: 60)
        let (deliveries, last) = receipts.result
        let completions = receipts.completions(receivers: receivers)
        for socket in sockets { await socket.close() }
        await publisher.close()
        let seconds = Double(max(last, started + 1) - started) / 1e9
        return Result(rate: Double(deliveries.count) / seconds, delivered: deliveries.count, deliveries: deliveries,
                      completions: completions)
    }
}
