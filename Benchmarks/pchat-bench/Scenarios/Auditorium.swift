import Foundation

/// An auditorium room with M joined members, one connection each; the presenter (user 1) posts one message at a
/// time, spaced so that each post is measured on its own; the figure is the time until the last member has it.
/// The baseline runs the same clients against the bare broadcast server.
struct Auditorium {
    var members: Int
    var posts: Int
    var perSecond: Int

    func run(pchatd: URL, harness: URL) async throws {
        let broadcast = RoomBroadcast(receivers: members, messages: posts, perSecond: perSecond)
        let server = try await BenchServer.start(pchatd: pchatd, users: members + 1, rooms: ["stage"], auditorium: ["stage"])
        let pchat = try await broadcast.measure(url: server.url, room: "stage", label: "auditorium (pchatd)")
        await server.stop()
        let bareServer = try await BenchServer.launch(harness, ["_broadcast-server"], folder: try BenchServer.makeFolder())
        let bare = try await broadcast.measure(url: bareServer.url, room: nil, label: "auditorium (bare broadcast)")
        await bareServer.stop()
        printTable("auditorium", parameters: "\(members) members, \(posts) presenter posts at \(perSecond)/s", [
            Figure(name: "time to the last member, p50", value: pchat.completions.percentile(50), unit: "ms",
                   baseline: bare.completions.percentile(50), higherIsBetter: false, target: "—"),
            Figure(name: "time to the last member, p99", value: pchat.completions.percentile(99), unit: "ms",
                   baseline: bare.completions.percentile(99), higherIsBetter: false, target: "≤ 250 ms"),
            Figure(name: "posts that reached everyone", value: Double(pchat.completions.count), unit: "of \(posts)",
                   baseline: Double(bare.completions.count), higherIsBetter: true, target: "all"),
            Figure(name: "delivery latency p50", value: pchat.deliveries.percentile(50), unit: "ms",
                   baseline: bare.deliveries.percentile(50), higherIsBetter: false, target: "—"),
        ])
    }
}
