import YAMLConfig

extension HostFile {
    /// `queues`: the bounds of the host's queues (``QueueBounds``); a key not given keeps its default.
    struct Queues: Decodable {
        var bounds = QueueBounds()

        enum CodingKeys: String, CodingKey, CaseIterable { case messages, events, webhooks, replies, stuckCalls = "stuck_calls" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func bound(_ key: CodingKeys, _ value: inout Int) throws {
                guard let given = try container.decodeIfPresent(Int.self, forKey: key) else { return }
                guard QueueBounds.allowed.contains(given) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container,
                        debugDescription: "must be between \(QueueBounds.allowed.lowerBound) and \(QueueBounds.allowed.upperBound), got \(given)")
                }
                value = given
            }
            try bound(.messages, &bounds.messages)
            try bound(.events, &bounds.events)
            try bound(.webhooks, &bounds.webhooks)
            try bound(.replies, &bounds.replies)
            try bound(.stuckCalls, &bounds.stuckCalls)
        }
    }
}
