import YAMLConfig

/// server.yaml's `limits`: every key optional, each within its bounds.
extension ServerLimits: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case messageSize = "message_size", storySize = "story_size", frameSize = "frame_size", defaultHistory = "default_history"
        case searchLimit = "search_limit", outboundQueue = "outbound_queue", commitBatch = "commit_batch"
        case participantUpdateLimit = "participant_update_limit", fileSize = "file_size", fileTokenMinutes = "file_token_minutes"
        case perUser = "per_user"
        case signIn = "sign_in"
        case connections
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ value: inout Int, max: Int = .max) throws {
            try container.decode(key, within: 1...max, into: &value)
        }
        try read(.messageSize, &messageSize, max: 1 << 20)
        try read(.storySize, &storySize, max: 1 << 22)
        try read(.frameSize, &frameSize, max: 1 << 24)
        try read(.defaultHistory, &defaultHistory, max: 500)
        try read(.searchLimit, &searchLimit, max: 100_000)
        try read(.outboundQueue, &outboundQueue)
        try read(.commitBatch, &commitBatch, max: 100_000)
        try read(.participantUpdateLimit, &participantUpdateLimit, max: 100_000)
        try read(.fileSize, &fileSize, max: 1 << 31)
        try read(.fileTokenMinutes, &fileTokenMinutes, max: 24 * 60)
        perUser = try container.decodeIfPresent(PerUserLimits.self, forKey: .perUser) ?? PerUserLimits()
        signIn = try container.decodeIfPresent(SignInLimits.self, forKey: .signIn) ?? SignInLimits()
        connections = try container.decodeIfPresent(ConnectionLimits.self, forKey: .connections) ?? ConnectionLimits()
        let largest = Swift.max(messageSize, storySize)
        guard frameSize >= largest + 1024 else {
            throw DecodingError.dataCorruptedError(
                forKey: .frameSize, in: container,
                debugDescription: "must exceed message_size and story_size by at least 1024 bytes of framing (\(largest + 1024))")
        }
    }
}
