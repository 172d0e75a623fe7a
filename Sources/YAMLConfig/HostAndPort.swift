/// An address to listen on, written `HOST:PORT`: `127.0.0.1:5061`, `[::1]:5061`; port 0 picks a free one.
public struct HostAndPort: Sendable, Hashable, Decodable, CustomStringConvertible {
    /// The host, without the brackets of an IPv6 address.
    public var host: String
    /// 0 to 65535.
    public var port: Int

    /// Whether `host` names this machine only: `localhost`, `127.0.0.0/8`, `::1` (and `::ffff:127.x.y.z`). Any other
    /// name counts as reachable from the network.
    public static func isLoopback(host: String) -> Bool {
        let name = host.lowercased()
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let v4 = name.hasPrefix("::ffff:") ? String(name.dropFirst(7)) : name
        let octets = v4.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { UInt8($0) != nil } && octets.first == "127"
    }

    /// An address from its parts; `host` without brackets.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `text` as `HOST:PORT`, or nil.
    public init?(_ text: String) {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            return nil
        }
        var host = text[..<colon]
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { return nil }
        self.init(host: String(host), port: port)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected HOST:PORT such as 127.0.0.1:5061 or [::1]:5061, with a port from 0 to 65535, got '\(text)'")
        }
        self = value
    }

    /// `HOST:PORT`, with brackets around an IPv6 host.
    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
