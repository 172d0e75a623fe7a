import Foundation
import NIOConcurrencyHelpers
import PersistentChatProtocol

/// One room of S joined sessions; a publisher posts at a fixed rate; every receipt is timed from the post.
/// The baseline runs the same bare clients against a bare WebSocket broadcast server.
struct Fanout {
    var sessions: Int
    var messages: Int
    var perSecond: Int

    func run(pchatd: URL, harness: URL) async throws {
        let server = try await BenchServer.start(pchatd: pchatd, users: sessions + 1, rooms: ["fanout"])
        let pchat = try await measure(url: server.url, pchat: true)
        await server.stop()
        let broadcast = try await BenchServer.launch(harness, ["_broadcast-server"], folder: try BenchServer.makeFolder())
        let bare = try await measure(url: broadcast.url, pchat: false)
        await broadcast.stop()
        printTable("fan-out", parameters: "\(sessions) sessions, \(messages) posts at \(perSecond)/s", [
            Figure(name: "deliveries/s", value: pchat.rate, unit: "/s", baseline: bare.rate, higherIsBetter: true,
                   target: "≥ 100,000 and ≥ 0.5 × baseline"),
            Figure(name: "delivered", value: Double(pchat.delivered), unit: "", baseline: Double(bare.delivered), higherIsBetter: true, target: "all"),
            Figure(name: "delivery latency p50", value: pchat.latencies.percentile(50), unit: "ms",
                   baseline: bare.latencies.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "delivery latency p99", value: pchat.latencies.percentile(99), unit: "ms",
                   baseline: bare.latencies.percentile(99), higherIsBetter: false, target: "—"),
        ])
    }

    private func measure(url: String, pchat: Bool) async throws -> (rate: Double, delivered: Int, latencies: Latencies) {
        let address = url + ProtocolLimits.webSocketPath
        let receipts = Receipts()
        let ready = Counter()
        var sockets: [RawSocket] = []
        for index in 1...sessions {
            let socket = try await RawSocket.open(address) { text in
                if text.hasPrefix(#"{"v":1,"type":"rpl""#) || text.contains(#""type":"rpl""#) {
                    ready.increment()
                } else if let sent = PchatFrames.stamp(in: text) {
                    receipts.record(sentAt: sent)
                }
            }
            if pchat {
                socket.send(PchatFrames.establish(user: index + 1))
                socket.send(PchatFrames.join(room: "fanout"))
            }
            sockets.append(socket)
        }
        if pchat, !(await ready.wait(for: sessions * 2, seconds: 120)) {
            throw BenchError("only \(ready.value / 2) of \(sessions) sessions joined")
        }
        note("fan-out (\(pchat ? "pchatd" : "bare broadcast")): \(sessions) sessions ready")
        let publisherReplies = Counter()
        let roomBox = NIOLockedValueBox<ChatRoomURI?>(nil)
        let publisher = try await RawSocket.open(address) { text in
            if let room = PchatFrames.joinedRoom(in: text) { roomBox.withLockedValue { $0 = room } }
            publisherReplies.increment()
        }
        if pchat {
            publisher.send(PchatFrames.establish(user: 1))
            publisher.send(PchatFrames.join(room: "fanout"))
            _ = await publisherReplies.wait(for: 2, seconds: 30)
        }
        let room = roomBox.withLockedValue { $0 }
        let interval = 1_000_000_000 / UInt64(max(1, perSecond))
        let started = monotonicNanos()
        for number in 0..<messages {
            let due = started + UInt64(number) * interval
            let now = monotonicNanos()
            if due > now { try await Task.sleep(for: .nanoseconds(Int(due - now))) }
            let body = "t=\(monotonicNanos()); fan-out message \(number)"
            if pchat, let room {
                publisher.send(PchatFrames.post(room: room, text: body, seq: 10 + number))
            } else {
                publisher.send(body)
            }
        }
        // Wait for the deliveries to settle (or 30 s).
        let expected = messages * sessions
        let deadline = Date().addingTimeInterval(30)
        _ = await receipts.wait(for: expected, seconds: 30)
        let (latencies, last) = receipts.result
        for socket in sockets { await socket.close() }
        await publisher.close()
        let seconds = Double(max(last, started + 1) - started) / 1e9
        return (Double(latencies.count) / seconds, latencies.count, latencies)
    }
}
