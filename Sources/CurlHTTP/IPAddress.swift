#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A parsed IPv4 or IPv6 address.
public enum IPAddress: Sendable, Hashable, CustomStringConvertible {
    /// An IPv4 address.
    case v4(IPv4Address)
    /// An IPv6 address.
    case v6(IPv6Address)

    /// Parses a dotted-quad IPv4 or textual IPv6 literal (IPv6 optionally in brackets, without zone).
    public init?(_ text: String) {
        if let v4 = IPv4Address(text) {
            self = .v4(v4)
        } else if let v6 = IPv6Address(text) {
            self = .v6(v6)
        } else {
            return nil
        }
    }

    /// Creates an address from 4 (IPv4) or 16 (IPv6) network-order bytes.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4:
            guard let v4 = IPv4Address(bytes: bytes) else { return nil }
            self = .v4(v4)
        case 16:
            guard let v6 = IPv6Address(bytes: bytes) else { return nil }
            self = .v6(v6)
        default:
            return nil
        }
    }

    /// The conventional textual form.
    public var description: String {
        switch self {
        case .v4(let address): address.description
        case .v6(let address): address.description
        }
    }
}

/// An IPv4 address.
public struct IPv4Address: Sendable, Hashable, CustomStringConvertible {
    /// The address as a host-order integer (`127.0.0.1` is `0x7F00_0001`).
    public let value: UInt32

    /// Creates an address from its host-order integer value.
    public init(_ value: UInt32) {
        self.value = value
    }

    /// Creates an address from its four octets.
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        value = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// Creates an address from exactly 4 network-order bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 4 else { return nil }
        value = bytes.reduce(0) { $0 << 8 | UInt32($1) }
    }

    /// Parses a strict dotted-quad literal such as `192.0.2.1`.
    public init?(_ text: String) {
        var raw = in_addr()
        guard inet_pton(AF_INET, text, &raw) == 1 else { return nil }
        guard let parsed = withUnsafeBytes(of: &raw, { IPv4Address(bytes: $0) }) else { return nil }
        self = parsed
    }

    /// The four octets, most significant first.
    public var octets: [UInt8] {
        [UInt8(truncatingIfNeeded: value >> 24), UInt8(truncatingIfNeeded: value >> 16),
         UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)]
    }

    /// Whether the address lies in `network`/`prefixLength`.
    public func isIn(_ network: IPv4Address, prefixLength: Int) -> Bool {
        guard prefixLength > 0 else { return true }
        let mask = UInt32.max << UInt32(32 - min(prefixLength, 32))
        return value & mask == network.value & mask
    }

    /// The conventional textual form.
    public var description: String {
        octets.map(String.init).joined(separator: ".")
    }
}

/// An IPv6 address.
public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    /// The 16 network-order bytes.
    public let bytes: [UInt8]

    /// Creates an address from exactly 16 network-order bytes.
    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        self.bytes = Array(bytes)
    }

    /// Parses a textual IPv6 literal such as `fe80::1` or `[::ffff:127.0.0.1]` (no zone index).
    public init?(_ text: String) {
        var literal = Substring(text)
        if literal.hasPrefix("["), literal.hasSuffix("]") {
            literal = literal.dropFirst().dropLast()
        }
        var raw = in6_addr()
        guard inet_pton(AF_INET6, String(literal), &raw) == 1 else { return nil }
        guard let parsed = withUnsafeBytes(of: &raw, { IPv6Address(bytes: $0) }) else { return nil }
        self = parsed
    }

    /// Whether the address lies in `network`/`prefixLength`.
    public func isIn(_ network: IPv6Address, prefixLength: Int) -> Bool {
        var remaining = max(0, min(prefixLength, 128))
        for (lhs, rhs) in zip(bytes, network.bytes) where remaining > 0 {
            let bits = min(remaining, 8)
            let mask = UInt8.max << UInt8(8 - bits)
            if lhs & mask != rhs & mask { return false }
            remaining -= bits
        }
        return true
    }

    /// The IPv4 address in the last 32 bits.
    var lastIPv4: IPv4Address {
        IPv4Address(bytes[12], bytes[13], bytes[14], bytes[15])
    }

    /// The conventional textual form.
    public var description: String {
        var raw = in6_addr()
        withUnsafeMutableBytes(of: &raw) { $0.copyBytes(from: bytes) }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        guard inet_ntop(AF_INET6, &raw, &buffer, socklen_t(buffer.count)) != nil else {
            return bytes.map { String($0, radix: 16) }.joined(separator: ":")
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
