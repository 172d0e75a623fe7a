extension KeyedDecodingContainer {
    /// Sets `value` to the whole number at `key` when one is given, refusing one outside `range` (`unit` follows the
    /// bounds in the message, e.g. " bytes").
    public func decode(_ key: Key, within range: ClosedRange<Int>, unit: String = "", into value: inout Int) throws {
        guard let given = try decodeIfPresent(Int.self, forKey: key) else { return }
        guard range.contains(given) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "must be between \(range.lowerBound) and \(range.upperBound)\(unit), got \(given)")
        }
        value = given
    }
}
