#if os(Linux)
import Foundation
import Glibc

/// A WebSocket client on a plain TCP socket with a tiny receive buffer, which reads only when told to and writes any
/// frame, well-formed or not: it plays a client that stops reading, or one that breaks the framing rules.
final class StalledSocket: @unchecked Sendable {
    private let descriptor: Int32

    /// Connects to `127.0.0.1:port` and completes the WebSocket handshake on `path`.
    convenience init(port: Int, path: String) throws {
        try self.init(port: port, sending: Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        var head: [UInt8] = []
        while !head.ends(with: Array("\r\n\r\n".utf8)) {
            guard let byte = try read(1).first else { throw StalledSocketError("the server closed during the handshake") }
            head.append(byte)
        }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw StalledSocketError("no upgrade: \(String(decoding: head, as: UTF8.self))")
        }
    }

    /// Connects to `127.0.0.1:port` and sends `bytes` as they are (no handshake).
    init(port: Int, sending bytes: [UInt8]) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw StalledSocketError("socket() failed: errno \(errno)") }
        var small: Int32 = 4096
        setsockopt(descriptor, SOL_SOCKET, SO_RCVBUF, &small, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw StalledSocketError("connect() failed: errno \(errno)") }
        try write(bytes)
    }

    deinit { close(descriptor) }

    /// Sends one masked text frame.
    func sendText(_ text: String) throws {
        try sendFrame(opcode: 0x1, payload: Array(text.utf8))
    }

    /// Sends one masked frame with any opcode and payload; `final: false` leaves it unfinished (a fragment).
    func sendFrame(opcode: UInt8, payload: [UInt8], final: Bool = true) throws {
        try write(MaskedFrame.bytes(opcode: opcode, payload: payload, final: final))
    }

    /// Reads until `text` has arrived in the stream (frames are not parsed; good enough for short replies).
    func readUntil(_ text: String) throws {
        try readUntil(bytes: Array(text.utf8))
    }

    /// Reads until `needle` has arrived in the stream.
    func readUntil(bytes needle: [UInt8]) throws {
        _ = try read(until: needle)
    }

    /// Reads until `needle` has arrived in the stream; everything read.
    func read(until needle: [UInt8]) throws -> [UInt8] {
        var seen: [UInt8] = []
        while !seen.contains(needle) {
            let chunk = try read(4096)
            guard !chunk.isEmpty else { throw StalledSocketError("the server closed before sending \(needle)") }
            seen += chunk
        }
        return seen
    }

    /// Reads and discards until the server closes the connection; the number of bytes read.
    func drainUntilClosed() throws -> Int {
        var total = 0
        while true {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count == 0 || (count < 0 && errno == ECONNRESET) { return total }
            guard count > 0 else { throw StalledSocketError("the connection is still open (errno \(errno))") }
            total += count
        }
    }

    private func read(_ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        let received = recv(descriptor, &buffer, count, 0)
        guard received >= 0 else { throw StalledSocketError("recv() failed: errno \(errno)") }
        return Array(buffer[0..<received])
    }

    private func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw StalledSocketError("send() failed: errno \(errno)") }
            offset += sent
        }
    }
}

struct StalledSocketError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
    func contains(_ needle: [UInt8]) -> Bool {
        guard needle.count <= count else { return false }
        return (0...(count - needle.count)).contains { Array(self[$0..<($0 + needle.count)]) == needle }
    }
}
#endif
