import Foundation

/// C idle, authenticated connections: the server's resident memory per connection.
/// The baseline holds the same number of bare connections on the bare broadcast server (Hummingbird, as pchatd),
/// and on a server of plain NIO channel handlers (the floor).
struct Connections {
    var count: Int

    func run(pchatd: URL, harness: URL) async throws {
        let server = try await BenchServer.start(pchatd: pchatd, users: count, rooms: ["lobby"])
        let pchat = try await measure(server, establish: true)
        await server.stop()
        let broadcast = try await BenchServer.launch(harness, ["_broadcast-server"], folder: try BenchServer.makeFolder())
        let bare = try await measure(broadcast, establish: false)
        await broadcast.stop()
        let nioServer = try await BenchServer.launch(harness, ["_bare-nio-server"], folder: try BenchServer.makeFolder())
        let nio = try await measure(nioServer, establish: false)
        await nioServer.stop()
        printTable("connections", parameters: "\(count) idle connections", [
            Figure(name: "server memory per connection", value: pchat / 1024, unit: "KB", baseline: bare / 1024,
                   higherIsBetter: false, target: "≤ 20 KB"),
            Figure(name: "the same, against plain NIO handlers", value: pchat / 1024, unit: "KB", baseline: nio / 1024,
                   higherIsBetter: false, target: "—"),
        ])
    }

    /// Bytes of server memory each connection adds.
    private func measure(_ server: BenchServer, establish: Bool) async throws -> Double {
        try await Task.sleep(for: .milliseconds(300))
        let before = server.residentBytes
        let replies = Counter()
        var sockets: [LightSocket] = []
        for index in 1...count {
            let socket = try await LightSocket.open(url: server.url) { _ in replies.increment() }
            if establish { socket.send(PchatFrames.establish(user: index)) }
            sockets.append(socket)
        }
        if establish, !(await replies.wait(for: count, seconds: 300)) {
            throw BenchError("only \(replies.value) of \(count) endpoints were established")
        }
        try await Task.sleep(for: .seconds(1))
        let after = server.residentBytes
        note("connections (\(establish ? "pchatd" : "bare")): RSS \(before / 1024) KB → \(after / 1024) KB")
        for socket in sockets { await socket.close() }
        return Double(max(0, after - before)) / Double(count)
    }
}
