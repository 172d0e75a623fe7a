import Foundation

/// One room of S joined sessions; a publisher posts at a fixed rate; every receipt is timed from the post.
/// The baseline runs the same bare clients against a bare WebSocket broadcast server.
struct Fanout {
    var sessions: Int
    var messages: Int
    var perSecond: Int

    func run(pchatd: URL, harness: URL) async throws {
        let broadcast = RoomBroadcast(receivers: sessions, messages: messages, perSecond: perSecond)
        let server = try await BenchServer.start(pchatd: pchatd, users: sessions + 1, rooms: ["fanout"])
        let pchat = try await broadcast.measure(url: server.url, room: "fanout", label: "fan-out (pchatd)")
        await server.stop()
        let bareServer = try await BenchServer.launch(harness, ["_broadcast-server"], folder: try BenchServer.makeFolder())
        let bare = try await broadcast.measure(url: bareServer.url, room: nil, label: "fan-out (bare broadcast)")
        await bareServer.stop()
        printTable("fan-out", parameters: "\(sessions) sessions, \(messages) posts at \(perSecond)/s", [
            Figure(name: "deliveries/s", value: pchat.rate, unit: "/s", baseline: bare.rate, higherIsBetter: true,
                   target: "≥ 100,000 and ≥ 0.5 × baseline"),
            Figure(name: "delivered", value: Double(pchat.delivered), unit: "", baseline: Double(bare.delivered), higherIsBetter: true, target: "all"),
            Figure(name: "delivery latency p50", value: pchat.deliveries.percentile(50), unit: "ms",
                   baseline: bare.deliveries.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "delivery latency p99", value: pchat.deliveries.percentile(99), unit: "ms",
                   baseline: bare.deliveries.percentile(99), higherIsBetter: false, target: "—"),
        ])
    }
}
