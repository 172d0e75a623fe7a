import NIOCore

/// Where a sign-in comes from, as the throttle counts it: an IPv4 address, or the /64 network of an IPv6 address
/// (one host usually holds a whole /64). IPv4-mapped IPv6 addresses count as their IPv4 address.
struct SignInSource: Hashable, Sendable, CustomStringConvertible {
    let description: String

    /// The source of a connection from `address`; connections without an IP address share one source.
    init(_ address: SocketAddress?) {
        switch address {
        case .v4(let v4)?:
            description = Self.text(ipv4: withUnsafeBytes(of: v4.address.sin_addr) { Array($0) })
        case .v6(let v6)?:
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes.prefix(10).allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
                description = Self.text(ipv4: Array(bytes[12...]))
            } else {
                let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
                description = groups.joined(separator: ":") + "::/64"
            }
        default:
            description = "local"
        }
    }

    init(text: String) {
        description = text
    }

    private static func text(ipv4 bytes: [UInt8]) -> String {
        bytes.map(String.init).joined(separator: ".")
    }
}

/// The account a sign-in names, as the throttle counts it: its normalized SIP address, bounded in length (a longer
/// one is cut and keeps its length, so it never matches a real, shorter address).
struct SignInAccount: Hashable, Sendable {
    static let longest = 256
    let key: String

    init(normalizedURI uri: String) {
        let bytes = uri.utf8.count
        key = bytes <= Self.longest ? uri : String(decoding: uri.utf8.prefix(Self.longest), as: UTF8.self) + "…\(bytes)"
    }
}

/// One sign-in as the throttle and the log see it: its account, where it comes from, and the address as the caller
/// typed it, escaped for the log.
struct SignInAttempt: Sendable {
    let account: SignInAccount
    let source: SignInSource
    let logName: String
}
