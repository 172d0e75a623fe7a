import YAMLConfig

/// server.yaml's `limits.connections`: how long a new connection may take to say who it is, how many may be open, and
/// how much may wait for one that does not read.
public struct ConnectionLimits: Sendable, Equatable {
    /// `request_timeout`: the HTTP request head (after a TLS handshake, if any) must arrive this long after the accept;
    /// also how long a kept-alive HTTP connection may sit idle between requests.
    public var requestTimeout: Duration = .seconds(10)
    /// `establish_timeout`: `establish` must succeed this long after the WebSocket upgrade.
    public var establishTimeout: Duration = .seconds(10)
    /// `total`: open sockets (chat and HTTP) at once; more are refused with 503.
    public var total = 10_000
    /// `per_address`: open sockets from one IPv4 address or IPv6 /64; more are refused with 503.
    public var perAddress = 100
    /// `unestablished_frame_size`: largest frame before `establish` has succeeded.
    public var unestablishedFrameSize = 64 * 1024
    /// `outbound_bytes`: bytes waiting to be written to one connection (replies, room messages, pongs) past which it
    /// is disconnected as too slow.
    public var outboundBytes = 16 * 1024 * 1024

    public init() {}
}

extension ConnectionLimits: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case requestTimeout = "request_timeout", establishTimeout = "establish_timeout", total, perAddress = "per_address"
        case unestablishedFrameSize = "unestablished_frame_size", outboundBytes = "outbound_bytes"
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ value: inout Int, min: Int = 1, max: Int) throws {
            try container.decode(key, within: min...max, into: &value)
        }
        func read(_ key: CodingKeys, _ value: inout Duration) throws {
            if let given = try container.decodeIfPresent(ConfigDuration.self, forKey: key) { value = given.duration }
        }
        try read(.requestTimeout, &requestTimeout)
        try read(.establishTimeout, &establishTimeout)
        try read(.total, &total, max: 1_000_000)
        try read(.perAddress, &perAddress, max: 1_000_000)
        try read(.unestablishedFrameSize, &unestablishedFrameSize, min: 1024, max: 1 << 24)
        try read(.outboundBytes, &outboundBytes, min: 64 * 1024, max: 1 << 32)
        guard perAddress <= total else {
            throw DecodingError.dataCorruptedError(
                forKey: .perAddress, in: container, debugDescription: "must not exceed total (\(total)), got \(perAddress)")
        }
    }
}
