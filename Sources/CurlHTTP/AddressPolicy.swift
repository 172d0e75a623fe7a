/// What kind of network an IP address belongs to.
public enum AddressCategory: String, Sendable, Hashable, CaseIterable {
    /// A globally routable address.
    case global
    /// Loopback: `127.0.0.0/8`, `::1`.
    case loopback
    /// Private networks: `10/8`, `172.16/12`, `192.168/16`, deprecated site-local `fec0::/10`.
    case privateNetwork
    /// Link-local: `169.254/16`, `fe80::/10`.
    case linkLocal
    /// IPv6 unique-local: `fc00::/7`.
    case uniqueLocal
    /// Unspecified / "this network": `0.0.0.0/8`, `::`.
    case unspecified
    /// Carrier-grade NAT shared space: `100.64/10`.
    case carrierGradeNAT
    /// Multicast: `224/4`, `ff00::/8`.
    case multicast
    /// Reserved and broadcast: `240/4` (including `255.255.255.255`).
    case reserved
}

/// Classifies IP addresses and decides which ones outgoing requests may connect to.
///
/// Pure functions: no lookups and no connections. IPv6 forms that embed an IPv4 address
/// (IPv4-mapped `::ffff:0:0/96`, IPv4-compatible `::/96`, NAT64 `64:ff9b::/96`) are
/// classified by the embedded address.
public enum AddressPolicy {
    /// The category of `address`.
    public static func category(of address: IPAddress) -> AddressCategory {
        switch address {
        case .v4(let v4): category(of: v4)
        case .v6(let v6): category(of: v6)
        }
    }

    /// Whether connections to `address` are refused unless the host is explicitly allowed.
    public static func isRefused(_ address: IPAddress) -> Bool {
        category(of: address) != .global
    }

    /// The category of an IPv4 address.
    public static func category(of address: IPv4Address) -> AddressCategory {
        for rule in ipv4Rules where address.isIn(rule.network, prefixLength: rule.prefix) {
            return rule.category
        }
        return .global
    }

    /// The category of an IPv6 address.
    public static func category(of address: IPv6Address) -> AddressCategory {
        if address == unspecifiedV6 { return .unspecified }
        if address == loopbackV6 { return .loopback }
        for prefix in embeddedIPv4Prefixes where address.isIn(prefix, prefixLength: 96) {
            return category(of: address.lastIPv4)
        }
        for rule in ipv6Rules where address.isIn(rule.network, prefixLength: rule.prefix) {
            return rule.category
        }
        return .global
    }

    private struct Rule<Address: Sendable>: Sendable {
        let network: Address
        let prefix: Int
        let category: AddressCategory
    }

    private static let ipv4Rules: [Rule<IPv4Address>] = [
        Rule(network: IPv4Address(0, 0, 0, 0), prefix: 8, category: .unspecified),
        Rule(network: IPv4Address(127, 0, 0, 0), prefix: 8, category: .loopback),
        Rule(network: IPv4Address(10, 0, 0, 0), prefix: 8, category: .privateNetwork),
        Rule(network: IPv4Address(172, 16, 0, 0), prefix: 12, category: .privateNetwork),
        Rule(network: IPv4Address(192, 168, 0, 0), prefix: 16, category: .privateNetwork),
        Rule(network: IPv4Address(169, 254, 0, 0), prefix: 16, category: .linkLocal),
        Rule(network: IPv4Address(100, 64, 0, 0), prefix: 10, category: .carrierGradeNAT),
        Rule(network: IPv4Address(224, 0, 0, 0), prefix: 4, category: .multicast),
        Rule(network: IPv4Address(240, 0, 0, 0), prefix: 4, category: .reserved),
    ]

    private static let unspecifiedV6 = v6(0, 0, 0, 0, 0, 0, 0, 0)
    private static let loopbackV6 = v6(0, 0, 0, 0, 0, 0, 0, 1)

    private static let embeddedIPv4Prefixes: [IPv6Address] = [
        v6(0, 0, 0, 0, 0, 0xFFFF, 0, 0),  // IPv4-mapped
        v6(0, 0, 0, 0, 0, 0, 0, 0),  // IPv4-compatible (deprecated)
        v6(0x64, 0xFF9B, 0, 0, 0, 0, 0, 0),  // NAT64 well-known prefix
    ]

    private static let ipv6Rules: [Rule<IPv6Address>] = [
        Rule(network: v6(0xFE80, 0, 0, 0, 0, 0, 0, 0), prefix: 10, category: .linkLocal),
        Rule(network: v6(0xFEC0, 0, 0, 0, 0, 0, 0, 0), prefix: 10, category: .privateNetwork),
        Rule(network: v6(0xFC00, 0, 0, 0, 0, 0, 0, 0), prefix: 7, category: .uniqueLocal),
        Rule(network: v6(0xFF00, 0, 0, 0, 0, 0, 0, 0), prefix: 8, category: .multicast),
    ]

    private static func v6(_ groups: UInt16...) -> IPv6Address {
        let bytes = groups.flatMap { [UInt8(truncatingIfNeeded: $0 >> 8), UInt8(truncatingIfNeeded: $0)] }
        guard let address = IPv6Address(bytes: bytes) else {
            preconditionFailure("IPv6 constant needs 8 groups")
        }
        return address
    }
}
