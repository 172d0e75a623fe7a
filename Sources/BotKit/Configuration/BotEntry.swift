import YAMLConfig

/// One item of a room file's `bots` (or of host.yaml's `invitations.bots`) as far as the host reads it first: the
/// bot's type and instance id. Its supervision keys are read with host.yaml's defaults under it
/// (``SupervisionEntry``), its options by the bot.
struct BotEntry: SharedMapping, Sendable {
    var type: String
    var id: String?

    enum CodingKeys: String, CodingKey, CaseIterable { case type, id }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(String.self, forKey: .type)
        id = try container.decodeIfPresent(String.self, forKey: .id)
        guard let id else { return }
        // The ledger and reply ids are keyed by it: short and plain (unique in its room: checked with the room).
        guard id != HelpInstance.name else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: container,
                                                   debugDescription: "'\(id)' is the name of the room's built-in help; choose another")
        }
        let plain = id.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        guard (1...64).contains(id.count), plain else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: container,
                                                   debugDescription: "expected 1 to 64 letters, digits, '-', '_' or '.', got '\(id)'")
        }
    }
}

/// A bot entry's supervision keys, `timeout`, `concurrency` and `breaker`, each checked, over the defaults.
struct SupervisionEntry: SharedMapping {
    var policy = SupervisionPolicy()

    enum CodingKeys: String, CodingKey, CaseIterable { case timeout, concurrency, breaker }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let timeout = try container.decodeIfPresent(ConfigDuration.self, forKey: .timeout) {
            policy.timeout = timeout.duration
        }
        if let concurrency = try container.decodeIfPresent(Int.self, forKey: .concurrency) {
            guard (1...64).contains(concurrency) else {
                throw DecodingError.dataCorruptedError(forKey: .concurrency, in: container,
                                                       debugDescription: "expected 1 to 64 calls at once, got \(concurrency)")
            }
            policy.concurrency = concurrency
        }
        if let breaker = try container.decodeIfPresent(Breaker.self, forKey: .breaker) {
            policy.breakerFailures = breaker.failures ?? policy.breakerFailures
            policy.breakerCoolDown = breaker.coolDown?.duration ?? policy.breakerCoolDown
        }
    }

    /// `breaker`: failures in a row that disable the bot, and how long it rests.
    private struct Breaker: Decodable {
        var failures: Int?
        var coolDown: ConfigDuration?

        enum CodingKeys: String, CodingKey, CaseIterable { case failures, coolDown = "cool_down" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            failures = try container.decodeIfPresent(Int.self, forKey: .failures)
            coolDown = try container.decodeIfPresent(ConfigDuration.self, forKey: .coolDown)
            if let failures, !(1...1000).contains(failures) {
                throw DecodingError.dataCorruptedError(forKey: .failures, in: container,
                                                       debugDescription: "expected 1 to 1000 failures in a row, got \(failures)")
            }
        }
    }
}

/// Keys of a bot entry that the host reads, beside the bot's own options.
extension BotEntry {
    static let hostKeys = Set(CodingKeys.allCases.map(\.stringValue) + SupervisionEntry.CodingKeys.allCases.map(\.stringValue))
}
