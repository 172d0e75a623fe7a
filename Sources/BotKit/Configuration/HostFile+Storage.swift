import YAMLConfig

extension HostFile {
    /// `storage`: how much bots may store (``StorageLimits``); a key not given keeps its default.
    struct Storage: Decodable {
        var limits = StorageLimits()

        enum CodingKeys: String, CodingKey, CaseIterable { case valueBytes = "value_bytes", scopeBytes = "scope_bytes" }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            func limit(_ key: CodingKeys, _ value: inout Int) throws {
                guard let given = try container.decodeIfPresent(Int.self, forKey: key) else { return }
                guard StorageLimits.allowed.contains(given) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: key, in: container,
                        debugDescription: "must be between \(StorageLimits.allowed.lowerBound) and \(StorageLimits.allowed.upperBound) bytes, got \(given)")
                }
                value = given
            }
            try limit(.valueBytes, &limits.valueBytes)
            try limit(.scopeBytes, &limits.scopeBytes)
            guard limits.valueBytes <= limits.scopeBytes else {
                throw DecodingError.dataCorruptedError(forKey: .valueBytes, in: container,
                                                       debugDescription: "value_bytes (\(limits.valueBytes)) is more than scope_bytes (\(limits.scopeBytes))")
            }
        }
    }
}
