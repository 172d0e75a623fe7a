import YAMLConfig

extension HostFile {
    /// `queues`: the bounds of the host's queues (``QueueBounds``); a key not given keeps its default.
    struct Queues: Decodable {
        var bounds = QueueBounds()

        enum CodingKeys: String, CodingKey, CaseIterable { case messages, events, webhooks, replies, stuckCalls = "stuck_calls" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let allowed = QueueBounds.allowed
            try container.decode(.messages, within: allowed, into: &bounds.messages)
            try container.decode(.events, within: allowed, into: &bounds.events)
            try container.decode(.webhooks, within: allowed, into: &bounds.webhooks)
            try container.decode(.replies, within: allowed, into: &bounds.replies)
            try container.decode(.stuckCalls, within: allowed, into: &bounds.stuckCalls)
        }
    }
}
