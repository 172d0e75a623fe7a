import YAMLConfig

/// server.yaml's `limits.per_user`: quotas that each user (one SIP URI) has across all of their connections.
///
/// The defaults leave room for a bot host on its own defaults (bothost posts at most 200 replies a second per
/// endpoint) and stop a single account from taking a large share of the server.
public struct PerUserLimits: Sendable, Equatable {
    /// Posts per second, refilled evenly (a token bucket of `postBurst`); may be a fraction (`0.5`: one in 2 s).
    public var postsPerSecond: Double = 200
    /// Posts one user may send at once before the per-second rate applies.
    public var postBurst = 1000
    /// Rooms one user may create per hour (a bucket of that many, refilled evenly over the hour).
    public var roomsPerHour = 20
    /// History searches spanning more than one room, per minute (a bucket refilled evenly over the minute).
    public var searchesPerMinute = 60
    /// Preference bundles (labels) one user may keep.
    public var preferenceLabels = 100
    /// Largest preference bundle in UTF-8 bytes (a bundle must also fit `story_size`).
    public var preferenceSize = 65536
    /// Upload tokens one user may hold at once (unfinished uploads).
    public var uploadTokens = 8
    /// Download tokens one user may hold at once (each lives `file_token_minutes`).
    public var downloadTokens = 100

    public init() {}
}

extension PerUserLimits: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case postsPerSecond = "posts_per_second", postBurst = "post_burst", roomsPerHour = "rooms_per_hour"
        case searchesPerMinute = "searches_per_minute", preferenceLabels = "preference_labels"
        case preferenceSize = "preference_size", uploadTokens = "upload_tokens", downloadTokens = "download_tokens"
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ value: inout Int, max: Int) throws {
            try container.decode(key, within: 1...max, into: &value)
        }
        if let rate = try container.decodeIfPresent(Double.self, forKey: .postsPerSecond) {
            guard rate >= 0.001, rate <= 1_000_000 else {
                throw DecodingError.dataCorruptedError(forKey: .postsPerSecond, in: container,
                                                       debugDescription: "must be between 0.001 and 1000000, got \(rate)")
            }
            postsPerSecond = rate
        }
        try read(.postBurst, &postBurst, max: 1_000_000)
        try read(.roomsPerHour, &roomsPerHour, max: 1_000_000)
        try read(.searchesPerMinute, &searchesPerMinute, max: 1_000_000)
        try read(.preferenceLabels, &preferenceLabels, max: 100_000)
        try read(.preferenceSize, &preferenceSize, max: 1 << 22)
        try read(.uploadTokens, &uploadTokens, max: 10_000)
        try read(.downloadTokens, &downloadTokens, max: 100_000)
    }
}
