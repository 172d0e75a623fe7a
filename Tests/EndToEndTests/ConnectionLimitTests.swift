#if os(Linux)
import Foundation
import PersistentChat
import PersistentChatDirectory
import PersistentChatProtocol
@testable import PersistentChatServer
import Testing

/// `limits.connections` attacked over loopback sockets that misbehave as the SDK cannot: connections that never send a
/// request or never establish, too many connections, oversized frames before `establish`, clients that never read.
@Suite struct ConnectionLimitTests {
    /// The close frame the server sends: `0x88`, its length, the code and the start of the reason.
    private static func closeFrame(code: UInt16, reasonPrefix: String) -> [UInt8] {
        [UInt8(code >> 8), UInt8(code & 0xff)] + Array(reasonPrefix.utf8)
    }

    private static func limits(_ change: (inout ConnectionLimits) -> Void) -> ServerLimits {
        var limits = ServerLimits()
        change(&limits.connections)
        return limits
    }

    @Test func aSocketThatSendsNoRequestOrOnlyPartOfOneIsClosed() async throws {
        // Long enough for a loaded machine (browsers in other tests) to read a request sent at once.
        try await withTestServer(limits: Self.limits { $0.requestTimeout = .seconds(1) }) { server in
            let silent = try LoopbackSocket(port: server.port)
            let partial = try LoopbackSocket(port: server.port)
            try partial.send(Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
            // A kept-alive HTTP connection is closed too once it idles that long after its answer.
            let keptAlive = try LoopbackSocket(port: server.port)
            try keptAlive.send(Array("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".utf8))
            // Each read gives up after 5 s: a socket still open then throws.
            #expect(try await onOwnThread { Result { try silent.readUntilClosed() } }.get().isEmpty)
            #expect(try await onOwnThread { Result { try partial.readUntilClosed() } }.get().isEmpty)
            let answer = try await onOwnThread { Result { try keptAlive.readUntilClosed() } }.get()
            #expect(String(decoding: answer, as: UTF8.self).hasPrefix("HTTP/1.1 200"))
        }
    }

    @Test func anUpgradedConnectionThatNeverEstablishesIsClosedWithAReason() async throws {
        // Long enough for a sign-in on a loaded machine, short enough for a quick test.
        try await withTestServer(limits: Self.limits { $0.establishTimeout = .seconds(4) }) { server in
            // Upgraded first, so its timer runs out first: it establishes in time and must stay.
            let established = try LoopbackSocket(port: server.port)
            try established.upgrade()
            let idle = try LoopbackSocket(port: server.port)
            try idle.upgrade()
            try established.sendText(RawClient.establish("bob"))
            _ = try await onOwnThread { Result { try established.read(until: Array(#""seq":1"#.utf8)) } }.get()

            let expected = Self.closeFrame(code: 1008, reasonPrefix: "no successful establish within")
            _ = try await onOwnThread { Result { try idle.read(until: expected) } }.get()
            _ = try await onOwnThread { Result { try idle.readUntilClosed() } }.get()
            // The established connection's timer has run out too: a later command is still answered.
            try established.sendText(#"{"v":1,"type":"cmd","seq":2,"cmd":"serverInfo","data":{}}"#)
            _ = try await onOwnThread { Result { try established.read(until: Array(#""seq":2"#.utf8)) } }.get()
        }
    }

    @Test func connectionsOverTheTotalOrPerAddressCapAreRefusedWithA503() async throws {
        let limits = Self.limits {
            $0.total = 3
            $0.perAddress = 2
        }
        try await withTestServer(limits: limits) { server in
            func refusal(from source: String) async throws -> String {
                let socket = try LoopbackSocket(port: server.port, from: source)
                try socket.send(LoopbackSocket.upgradeRequest)
                return String(decoding: try await onOwnThread { Result { try socket.readUntilClosed() } }.get(), as: UTF8.self)
            }
            // Upgraded, so the server has counted them.
            var first: LoopbackSocket? = try LoopbackSocket(port: server.port)
            try first?.upgrade()
            let second = try LoopbackSocket(port: server.port)
            try second.upgrade()

            let perAddress = try await refusal(from: "127.0.0.1")
            #expect(perAddress.hasPrefix("HTTP/1.1 503"))
            #expect(perAddress.contains("2 connections are open from your address"))

            let other = try LoopbackSocket(port: server.port, from: "127.0.0.2")
            try other.upgrade()
            let total = try await refusal(from: "127.0.0.3")
            #expect(total.hasPrefix("HTTP/1.1 503"))
            #expect(total.contains("the server has 3 connections open"))

            // A place freed is taken again.
            first = nil
            let admitted = await eventually {
                guard let socket = try? LoopbackSocket(port: server.port) else { return false }
                return (try? await onOwnThread { Result { try socket.upgrade() } }.get()) != nil
            }
            #expect(admitted)
            _ = first
        }
    }

    /// The test directory with `sip:slow@contoso.com`, whose password is hashed with PBKDF2-SHA256 at full cost: its
    /// sign-in takes long enough for every frame of one read to be taken before `establish` is answered.
    static func directoryWithASlowSignIn() -> String {
        var slow = DirectoryLDIFBuilder(password: TestDirectory.password)
        slow.addUser("CN=Slow,OU=Staff,DC=contoso,DC=com", sipAddress: "sip:slow@contoso.com", displayName: "Slow")
        return TestDirectory.ldif + "\n" + slow.ldif.replacingOccurrences(of: "version: 1\n\n", with: "")
    }

    @Test func commandsPiledUpBeforeEstablishIsAnsweredCloseTheConnection() async throws {
        try await withTestFolder { folder in
            // Hashed on a thread of its own: the full-cost hash would hold a cooperative thread.
            let directory = await onOwnThread { Self.directoryWithASlowSignIn() }
            try directory.write(to: folder.appendingPathComponent("directory.ldif"), atomically: true, encoding: .utf8)
            try await withTestServer(folder: folder) { server in
                // One write: the establish and twelve more commands arrive together, before any answer. The sign-in's
                // costly hash keeps establish from being answered (on another thread) between two frames of that one read;
                // should a loaded machine still manage it, the rest arrive established: such a try must answer all of them,
                // and another try is made (three at most).
                let limit = ChatConnectionHandler.commandsBeforeEstablish
                let expected = Self.closeFrame(code: 1008, reasonPrefix: "more than \(limit) commands sent before establish was answered")
                let answeredAll = Array(#""seq":13"#.utf8)
                var refused = false
                for _ in 1...3 where !refused {
                    let greedy = try LoopbackSocket(port: server.port)
                    try greedy.upgrade()
                    var burst = MaskedFrame.bytes(opcode: 0x1, payload: Array(RawClient.establish("slow").utf8))
                    for seq in 2...13 {
                        burst += MaskedFrame.bytes(opcode: 0x1, payload: Array(#"{"v":1,"type":"cmd","seq":\#(seq),"cmd":"serverInfo","data":{}}"#.utf8))
                    }
                    try greedy.send(burst)
                    let seen = try await onOwnThread { Result { try greedy.read(untilAnyOf: [expected, answeredAll]) } }.get()
                    refused = seen.containsBytes(expected)
                    if refused { _ = try await onOwnThread { Result { try greedy.readUntilClosed() } }.get() }
                }
                #expect(refused, "three bursts before establish was answered, and none was cut off")

                // A client that waits for the answer may then send as many as it likes.
                let patient = try LoopbackSocket(port: server.port)
                try patient.upgrade()
                try patient.sendText(RawClient.establish("bob"))
                _ = try await onOwnThread { Result { try patient.read(until: Array(#""seq":1"#.utf8)) } }.get()
                var commands: [UInt8] = []
                for seq in 2...13 {
                    commands += MaskedFrame.bytes(opcode: 0x1, payload: Array(#"{"v":1,"type":"cmd","seq":\#(seq),"cmd":"serverInfo","data":{}}"#.utf8))
                }
                try patient.send(commands)
                _ = try await onOwnThread { Result { try patient.read(until: Array(#""seq":13"#.utf8)) } }.get()
            }
        }
    }

    @Test func aFrameLargerThanTheLimitBeforeEstablishIsRefused() async throws {
        try await withTestServer(limits: Self.limits { $0.unestablishedFrameSize = 4096 }) { server in
            let early = try LoopbackSocket(port: server.port)
            try early.upgrade()
            try early.sendText(#"{"v":1,"type":"cmd","seq":1,"cmd":"establish","data":{"user":"\#(String(repeating: "x", count: 5000))"}}"#)
            let expected = Self.closeFrame(code: 1009, reasonPrefix: "frame larger than 4096 bytes before establish")
            _ = try await onOwnThread { Result { try early.read(until: expected) } }.get()
            _ = try await onOwnThread { Result { try early.readUntilClosed() } }.get()

            // Once established, the same size is read and answered.
            let late = try LoopbackSocket(port: server.port)
            try late.upgrade()
            try late.sendText(RawClient.establish("bob"))
            _ = try await onOwnThread { Result { try late.read(until: Array(#""seq":1"#.utf8)) } }.get()
            try late.sendText(#"{"v":1,"type":"cmd","seq":2,"cmd":"browse","data":{"criteria":"\#(String(repeating: "n", count: 5000))"}}"#)
            _ = try await onOwnThread { Result { try late.read(until: Array(#""seq":2"#.utf8)) } }.get()
        }
    }

    /// 50 clients ask for large history pages and never read: each is disconnected once more than `outbound_bytes`
    /// wait for it, the server's resident memory grows by less than 50 × (limit + 2 pages) + 96 MiB, and a client
    /// that reads posts and gets its acknowledgements throughout.
    @Test func clientsThatNeverReadAreDisconnectedAndMemoryStaysBounded() async throws {
        let outboundBytes = 256 * 1024
        try await withTestServer(limits: Self.limits { $0.outboundBytes = outboundBytes }) { server in
            let (_, session) = try await server.join("alice", "team", history: 0)
            let text = String(repeating: "history ", count: 875)
            for number in 0..<120 { _ = try await session.sendChatMessage("\(number) \(text)") }
            let pageBytes = 120 * 7000

            let clients = try await onOwnThread {
                Result {
                    try (0..<50).map { _ in
                        let client = try LoopbackSocket(port: server.port)
                        try client.upgrade()
                        try client.sendText(RawClient.establish("bob"))
                        _ = try client.read(until: Array(#""seq":1"#.utf8))
                        return client
                    }
                }
            }.get()
            let before = try Self.residentBytes()
            let peak = PeakSampler()
            let sampling = Task { await peak.sample(Self.residentBytes) }

            let pages = 12
            for client in clients {
                for seq in 2..<(2 + pages) {
                    try client.sendText(#"{"v":1,"type":"cmd","seq":\#(seq),"cmd":"history","data":{"room":{"name":"team"},"last":120}}"#)
                }
            }
            // The reading client works throughout.
            for number in 0..<20 { _ = try await session.sendChatMessage("still working \(number)") }

            let deadline = ContinuousClock.now + .seconds(20)
            var closed = 0
            for client in clients where await client.pingUntilReset(before: deadline) { closed += 1 }
            sampling.cancel()
            let growth = max(0, await peak.highest - before)
            let bound = 50 * (outboundBytes + 2 * pageBytes) + 96 * 1024 * 1024
            #expect(closed == 50, "only \(closed) of 50 clients that never read were disconnected")
            #expect(growth < bound, "resident memory grew by \(growth) bytes, over the bound of \(bound)")
            _ = try await session.sendChatMessage("after the flood")
        }
    }

    @Test func aClientThatFloodsPingsAndNeverReadsIsDisconnected() async throws {
        try await withTestServer(limits: Self.limits { $0.outboundBytes = 64 * 1024 }) { server in
            let client = try LoopbackSocket(port: server.port)
            try client.upgrade()
            try client.sendText(RawClient.establish("bob"))
            _ = try await onOwnThread { Result { try client.read(until: Array(#""seq":1"#.utf8)) } }.get()
            // 125-byte pings, 64 MiB at most: far more pongs than the limit and the socket's buffers together.
            let payload = [UInt8](repeating: 0x61, count: 125)
            let disconnected = try await onOwnThread {
                Result {
                    for _ in 0..<(64 << 20) / 131 {
                        do { try client.sendFrame(opcode: 0x9, payload: payload) } catch is LoopbackSocket.PeerClosed { return true }
                    }
                    return false
                }
            }.get()
            #expect(disconnected)
            // Another client is served as before.
            let other = try await server.connect("alice")
            _ = try await other.persistentChatServices.browseChatRoomsByCriteria("team")
        }
    }

    /// The process's resident set size (VmRSS) in bytes.
    static func residentBytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kilobytes = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") else {
            throw StalledSocketError("no VmRSS in /proc/self/status")
        }
        return kilobytes * 1024
    }
}

/// The highest value a sampled reading reached.
private actor PeakSampler {
    private(set) var highest = 0

    /// Samples `read` every 20 ms until cancelled.
    func sample(_ read: @Sendable () throws -> Int) async {
        while !Task.isCancelled {
            if let value = try? read() { highest = max(highest, value) }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }
}
#endif
