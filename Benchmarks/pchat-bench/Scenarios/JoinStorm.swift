import Foundation
import PersistentChat

/// Many endpoints joining rooms at once, each join bringing the last 30 messages.
struct JoinStorm {
    var endpoints: Int
    var rooms: Int
    var joinsPerEndpoint: Int

    func run(pchatd: URL) async throws {
        let names = (1...rooms).map { "storm-\($0)" }
        let server = try await BenchServer.start(pchatd: pchatd, users: endpoints, rooms: names)
        let platform = CollaborationPlatform(applicationName: "pchat-bench")
        // 30 messages in every room, so every join carries a full context.
        let seeder = try await server.connect(1, platform: platform)
        for name in names {
            let session = ChatRoomSession(endpoint: seeder)
            try await session.join(name: name, history: 0)
            for number in 0..<30 { try await session.sendChatMessage("context \(number) of \(name)") }
            try await session.leave()
        }
        var connected: [PersistentChatEndpoint] = []
        for index in 1...endpoints { connected.append(try await server.connect(index, platform: platform)) }
        note("join storm: \(endpoints) endpoints × \(joinsPerEndpoint) joins")
        let started = monotonicNanos()
        let latencies = try await withThrowingTaskGroup(of: Latencies.self) { group in
            for (index, endpoint) in connected.enumerated() {
                let count = joinsPerEndpoint
                group.addTask { try await Self.joins(endpoint, rooms: names, from: index, count: count) }
            }
            var all = Latencies()
            for try await part in group { all.add(contentsOf: part) }
            return all
        }
        let rate = Double(latencies.count) / (Double(monotonicNanos() - started) / 1e9)
        for endpoint in connected { await endpoint.terminate() }
        await seeder.terminate()
        await server.stop()
        printTable("join storm", parameters: "\(endpoints) endpoints, \(rooms) rooms, \(latencies.count) joins with 30 messages each", [
            Figure(name: "joins/s", value: rate, unit: "/s", baseline: nil, higherIsBetter: true, target: "≥ 200"),
            Figure(name: "join latency p50", value: latencies.percentile(50), unit: "ms", baseline: nil, higherIsBetter: false, target: "—"),
            Figure(name: "join latency p99", value: latencies.percentile(99), unit: "ms", baseline: nil, higherIsBetter: false, target: "≤ 50 ms"),
        ])
    }

    /// One endpoint's joins, one after another. Not optimized: Swift 6.3.1's release build crashes (signal 11 while
    /// splitting the coroutine) on this loop otherwise; it only drives the server, so its speed does not matter.
    @_optimize(none)
    private static func joins(_ endpoint: PersistentChatEndpoint, rooms: [String], from index: Int, count: Int) async throws -> Latencies {
        var mine = Latencies()
        for number in 0..<count {
            let session = ChatRoomSession(endpoint: endpoint)
            let sent = monotonicNanos()
            try await session.join(name: rooms[(index + number) % rooms.count], history: 30)
            mine.add(monotonicNanos() - sent)
            guard session.joinHistory.count == 30 else { throw BenchError("a join brought \(session.joinHistory.count) messages") }
            try await session.leave()
        }
        return mine
    }
}
