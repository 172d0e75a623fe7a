import Foundation
import PersistentChat

/// A user posts `!echo` at a fixed rate; the echo bot, run by a real `bothost` process, answers; the round trip is
/// timed from the post to the user seeing the answer.
struct BotRoundTrip {
    var rates: [Int]
    var seconds: Double

    func run(pchatd: URL, bothost: URL) async throws {
        let server = try await BenchServer.start(pchatd: pchatd, users: 2, rooms: ["bots"])
        let host = try await Self.startHost(bothost, server: server)
        do {
            try await measure(server: server, host: host)
        } catch {
            host.terminate()
            throw error
        }
    }

    private func measure(server: BenchServer, host: Process) async throws {
        let endpoint = try await server.connect(1, platform: CollaborationPlatform(applicationName: "pchat-bench"))
        let session = ChatRoomSession(endpoint: endpoint)
        let answers = Receipts(), ownPosts = Receipts()
        let reader = Task {
            for await message in session.messages {
                guard let sent = PchatFrames.stamp(in: message.messageContent) else { continue }
                if message.messageAuthor.value == "sip:user2@bench.example" {
                    answers.record(sentAt: sent)
                } else {
                    ownPosts.record(sentAt: sent)
                }
            }
        }
        try await session.join(name: "bots", history: 0)
        // Wait until the bot answers at all (it joins the room as bothost starts).
        var ready = false
        for _ in 0..<100 where !ready {
            try await session.sendChatMessage("!echo t=\(monotonicNanos()); warm-up")
            ready = await answers.wait(for: 1, seconds: 0.2)
        }
        guard ready else { throw BenchError("the echo bot never answered") }
        var figures: [Figure] = []
        for rate in rates {
            answers.reset()
            ownPosts.reset()
            let count = Int(Double(rate) * seconds)
            let interval = 1_000_000_000 / UInt64(rate)
            let started = monotonicNanos()
            for number in 0..<count {
                let due = started + UInt64(number) * interval
                let now = monotonicNanos()
                if due > now { try await Task.sleep(for: .nanoseconds(Int(due - now))) }
                // Posts are queued, not awaited one by one, so the rate holds whatever the acknowledgement latency.
                _ = try await session.queueChatMessage("!echo t=\(monotonicNanos()); \(number)")
            }
            _ = await answers.wait(for: count, seconds: 30)
            let latencies = answers.result.latencies
            let target = rate <= 100 ? "≤ 2 ms" : "≤ 10 ms"
            figures.append(Figure(name: "round trip at \(rate)/s, p50", value: latencies.percentile(50), unit: "ms",
                                  baseline: nil, higherIsBetter: false, target: "—"))
            figures.append(Figure(name: "round trip at \(rate)/s, p99", value: latencies.percentile(99), unit: "ms",
                                  baseline: nil, higherIsBetter: false, target: target))
            figures.append(Figure(name: "answered at \(rate)/s", value: Double(latencies.count), unit: "of \(count)",
                                  baseline: nil, higherIsBetter: true, target: "all"))
            // The first leg alone: the post stored and back at its poster, as every room member gets it.
            let firstLeg = ownPosts.result.latencies
            figures.append(Figure(name: "the post back at its poster at \(rate)/s, p50", value: firstLeg.percentile(50), unit: "ms",
                                  baseline: nil, higherIsBetter: false, target: "—"))
            figures.append(Figure(name: "the post back at its poster at \(rate)/s, p99", value: firstLeg.percentile(99), unit: "ms",
                                  baseline: nil, higherIsBetter: false, target: "—"))
        }
        reader.cancel()
        await endpoint.terminate()
        host.terminate()
        await Task.detached { host.waitUntilExit() }.value
        await server.stop()
        printTable("bot round trip", parameters: "echo bot in a bothost process, \(seconds) s per rate", figures)
    }

    /// Writes host.yaml and the room file, starts bothost, and waits for its banner.
    private static func startHost(_ bothost: URL, server: BenchServer) async throws -> Process {
        let folder = server.folder.appendingPathComponent("host")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("rooms"), withIntermediateDirectories: true)
        try "\(BenchServer.password)\n".write(to: folder.appendingPathComponent("bot.password"), atomically: true, encoding: .utf8)
        try """
            server: \(server.url)
            endpoints:
              - uri: sip:user2@bench.example
                password_file: bot.password
            rooms: rooms
            outbound: {room: off, server: off}   # the load is the point; the default buckets would cap it at 20/s
            """.write(to: folder.appendingPathComponent("host.yaml"), atomically: true, encoding: .utf8)
        try """
            room: bots
            endpoint: sip:user2@bench.example
            bots:
              - type: echo
            """.write(to: folder.appendingPathComponent("rooms/bots.yaml"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = bothost
        process.arguments = ["--config", folder.appendingPathComponent("host.yaml").path, "--log-level", "warning"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = stdout.fileHandleForReading
        let started: Bool = await Task.detached {
            var text = ""
            while !text.contains("bothost is running") {
                let chunk = handle.availableData
                if chunk.isEmpty { return false }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return true
        }.value
        guard started else { throw BenchError("bothost exited before it ran") }
        Thread.detachNewThread { while !handle.availableData.isEmpty {} }
        return process
    }
}
