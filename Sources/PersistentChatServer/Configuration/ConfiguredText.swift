import PersistentChatProtocol

extension KeyedDecodingContainer {
    /// A category's or room's name at `key`: not blank, and no longer than a name may be.
    func decodeName(forKey key: Key) throws -> String {
        let name = try decode(String.self, forKey: key)
        guard !name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: key, in: self, debugDescription: "must not be empty")
        }
        return try checkLength(name, forKey: key)
    }

    /// A description at `key`, empty when absent, no longer than a name may be.
    func decodeDescription(forKey key: Key) throws -> String {
        try checkLength(decodeIfPresent(String.self, forKey: key) ?? "", forKey: key)
    }

    private func checkLength(_ text: String, forKey key: Key) throws -> String {
        guard text.count <= ProtocolLimits.maxNameLength else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "is \(text.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
        }
        return text
    }
}
