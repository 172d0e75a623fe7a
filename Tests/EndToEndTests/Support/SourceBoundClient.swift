#if os(Linux)
import Foundation
import Glibc
import PersistentChatProtocol

/// A WebSocket client on a plain TCP socket bound to a chosen source address (Linux routes all of 127/8 to
/// loopback, so `127.0.0.2` is a second client machine): it sends one `establish` and reads the reply, as a sign-in
/// from another address would.
enum SourceBoundClient {
    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Signs in as `user` (a full `sip:` URI or any text) with `password` from `source` to `127.0.0.1:port`; the reply.
    static func establish(port: Int, from source: String, user: String, password: String) async throws -> InboundFrame {
        try await onOwnThread { () -> Result<InboundFrame, Failure> in
            Result { () throws(Failure) -> InboundFrame in
                let socket = try connect(port: port, from: source)
                defer { close(socket) }
                try handshake(socket, port: port)
                let request = EstablishRequest(user: user, password: password)
                let data = (try? JSONEncoder().encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
                try sendText(socket, #"{"v":1,"type":"cmd","seq":1,"cmd":"establish","data":\#(data)}"#)
                let text = try readText(socket)
                guard let frame = try? FrameCodec().decodeServerFrame(text) else { throw Failure("not a server frame: \(text)") }
                return frame
            }
        }.get()
    }

    private static func connect(port: Int, from source: String) throws(Failure) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure("socket() failed: errno \(errno)") }
        var timeout = timeval(tv_sec: 20, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        local.sin_addr.s_addr = inet_addr(source)
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            close(descriptor)
            throw Failure("bind(\(source)) failed: errno \(errno)")
        }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        remote.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(descriptor)
            throw Failure("connect() from \(source) failed: errno \(errno)")
        }
        return descriptor
    }

    private static func handshake(_ socket: Int32, port: Int) throws(Failure) {
        try write(socket, Array("GET \(ProtocolLimits.webSocketPath) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n".utf8))
        var head: [UInt8] = []
        while !head.suffix(4).elementsEqual("\r\n\r\n".utf8) { head += try read(socket, 1) }
        guard String(decoding: head, as: UTF8.self).hasPrefix("HTTP/1.1 101") else {
            throw Failure("no upgrade: \(String(decoding: head, as: UTF8.self))")
        }
    }

    private static func sendText(_ socket: Int32, _ text: String) throws(Failure) {
        try write(socket, MaskedFrame.bytes(opcode: 0x1, payload: Array(text.utf8)))
    }

    /// The next text frame's payload (control frames are skipped).
    private static func readText(_ socket: Int32) throws(Failure) -> String {
        while true {
            let head = try read(socket, 2)
            var length = Int(head[1] & 0x7f)
            if length == 126 {
                let extended = try read(socket, 2)
                length = Int(extended[0]) << 8 | Int(extended[1])
            } else if length == 127 {
                length = try read(socket, 8).reduce(0) { $0 << 8 | Int($1) }
            }
            let payload = try read(socket, length)
            if head[0] & 0x0f == 0x1 { return String(decoding: payload, as: UTF8.self) }
            if head[0] & 0x0f == 0x8 { throw Failure("closed before a reply: \(String(decoding: payload.dropFirst(2), as: UTF8.self))") }
        }
    }

    private static func read(_ socket: Int32, _ count: Int) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: Swift.max(count, 1))
        while bytes.count < count {
            let got = Glibc.read(socket, &buffer, count - bytes.count)
            if got < 0, errno == EINTR { continue }
            guard got > 0 else { throw Failure("the server closed the connection (read \(bytes.count) of \(count) bytes)") }
            bytes += buffer[0..<got]
        }
        return bytes
    }

    private static func write(_ socket: Int32, _ bytes: [UInt8]) throws(Failure) {
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes { Glibc.write(socket, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw Failure("write failed: errno \(errno)") }
            sent += count
        }
    }
}
#endif
