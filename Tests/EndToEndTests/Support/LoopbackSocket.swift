#if os(Linux)
import Foundation
import Glibc
import PersistentChatProtocol

/// A TCP client on loopback for tests that misbehave where the SDK cannot: it connects from a chosen source address
/// (any of 127.0.0.0/8), sends raw bytes or masked WebSocket frames of any size, and reads only when told to, through
/// a small receive buffer.
final class LoopbackSocket: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects from `source` to `127.0.0.1:port`; reads and writes give up after `timeout` seconds (20 by default: a
    /// loaded two-core machine, not the server, is what makes an answer late).
    init(port: Int, from source: String = "127.0.0.1", timeout: Int = 20) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StalledSocketError("socket() failed: errno \(errno)") }
        var small: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var local = Self.address(source, port: 0)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw StalledSocketError("bind(\(source)) failed: errno \(errno)") }
        var remote = Self.address("127.0.0.1", port: port)
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw StalledSocketError("connect() failed: errno \(errno)") }
    }

    deinit { close(descriptor) }

    private static func address(_ host: String, port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr(host)
        return address
    }

    /// The WebSocket upgrade request for the protocol path.
    static let upgradeRequest = Array(("GET \(ProtocolLimits.webSocketPath) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8)

    /// Sends the upgrade request and reads the answer's head; throws unless it is `101 Switching Protocols`.
    func upgrade() throws {
        try send(Self.upgradeRequest)
        let head = String(decoding: try read(until: Array("\r\n\r\n".utf8)), as: UTF8.self)
        guard head.hasPrefix("HTTP/1.1 101") else { throw StalledSocketError("no upgrade: \(head)") }
    }

    /// What a send throws once the server has closed the socket (as opposed to a timeout).
    struct PeerClosed: Error {}

    /// Sends `bytes` as they are; throws ``PeerClosed`` when the server has closed the socket.
    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0, errno == EPIPE || errno == ECONNRESET { throw PeerClosed() }
            guard sent > 0 else { throw StalledSocketError("send() failed: errno \(errno)") }
            offset += sent
        }
    }

    /// Sends one masked, final text frame.
    func sendText(_ text: String) throws {
        try sendFrame(opcode: 0x1, payload: Array(text.utf8))
    }

    /// Sends one masked, final frame of any size.
    func sendFrame(opcode: UInt8, payload: [UInt8]) throws {
        try send(MaskedFrame.bytes(opcode: opcode, payload: payload))
    }

    /// Reads until `needle` has arrived; everything read.
    func read(until needle: [UInt8]) throws -> [UInt8] {
        var seen: [UInt8] = []
        while !seen.containsBytes(needle) {
            let chunk = try readSome()
            guard !chunk.isEmpty else {
                throw StalledSocketError("closed before \(String(decoding: needle, as: UTF8.self)); got \(String(decoding: seen, as: UTF8.self))")
            }
            seen += chunk
        }
        return seen
    }

    /// Reads until one of `needles` has come; everything read.
    func read(untilAnyOf needles: [[UInt8]]) throws -> [UInt8] {
        var seen: [UInt8] = []
        while !needles.contains(where: { seen.containsBytes($0) }) {
            let chunk = try readSome()
            guard !chunk.isEmpty else { throw StalledSocketError("closed; got \(String(decoding: seen, as: UTF8.self))") }
            seen += chunk
        }
        return seen
    }

    /// Reads until the server closes (end of stream or reset); everything read. Throws when the socket is still open
    /// with nothing to read after the timeout.
    func readUntilClosed() throws -> [UInt8] {
        var seen: [UInt8] = []
        while true {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 || (count < 0 && errno == ECONNRESET) { return seen }
            guard count > 0 else { throw StalledSocketError("still open (errno \(errno)) after reading \(seen.count) bytes") }
            seen += buffer[0..<count]
        }
    }

    /// Sends a ping every `interval` without reading, until a send fails because the server closed the socket (its
    /// kernel answers a segment on a closed socket with a reset). True when it did before `deadline`.
    func pingUntilReset(before deadline: ContinuousClock.Instant, interval: Duration = .milliseconds(10)) async -> Bool {
        while true {
            do {
                try sendFrame(opcode: 0x9, payload: [0x70])
            } catch is PeerClosed {
                return true
            } catch {
                return false
            }
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: interval)
        }
    }

    private func readSome() throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        if count < 0 && errno == ECONNRESET { return [] }
        guard count >= 0 else { throw StalledSocketError("recv() failed: errno \(errno)") }
        return Array(buffer[0..<count])
    }
}

extension Array where Element == UInt8 {
    /// Whether `needle` occurs in these bytes.
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
#endif
