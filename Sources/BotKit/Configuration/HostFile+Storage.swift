import YAMLConfig

extension HostFile {
    /// `storage`: how much bots may store (``StorageLimits``); a key not given keeps its default.
    struct Storage: Decodable {
        var limits = StorageLimits()

        enum CodingKeys: String, CodingKey, CaseIterable { case valueBytes = "value_bytes", scopeBytes = "scope_bytes" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            try container.decode(.valueBytes, within: StorageLimits.allowed, unit: " bytes", into: &limits.valueBytes)
            try container.decode(.scopeBytes, within: StorageLimits.allowed, unit: " bytes", into: &limits.scopeBytes)
            guard limits.valueBytes <= limits.scopeBytes else {
                throw DecodingError.dataCorruptedError(forKey: .valueBytes, in: container,
                                                       debugDescription: "value_bytes (\(limits.valueBytes)) is more than scope_bytes (\(limits.scopeBytes))")
            }
        }
    }
}
