/// A setting with a fixed set of words, such as `allow` or `deny`: a value that is none of them is refused with an
/// error that lists them.
public protocol ConfigChoice: RawRepresentable<String>, CaseIterable, Decodable, Sendable {}

extension ConfigChoice {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = try Self.choice(try container.decode(String.self), codingPath: container.codingPath)
    }

    /// The choice named `text`; a `DecodingError` at `codingPath` listing the choices when there is none.
    static func choice(_ text: String, codingPath: [any CodingKey]) throws -> Self {
        guard let value = Self(rawValue: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath,
                                                    debugDescription: "expected \(ConfigChoices.list(Self.allCases.map(\.rawValue))), got '\(text)'"))
        }
        return value
    }
}

extension KeyedDecodingContainer {
    /// Decodes a word of `type`'s cases at `key` (nil when absent), refusing any other word with an error that lists
    /// them. For enums whose own `Decodable` conformance is kept for something else (the wire protocol).
    public func decodeChoiceIfPresent<Choice: RawRepresentable<String> & CaseIterable>(_ type: Choice.Type,
                                                                                        forKey key: Key) throws -> Choice? {
        guard let text = try decodeIfPresent(String.self, forKey: key) else { return nil }
        guard let value = Choice(rawValue: text) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "expected \(ConfigChoices.list(Choice.allCases.map(\.rawValue))), got '\(text)'")
        }
        return value
    }
}

/// Lists of words for messages.
enum ConfigChoices {
    /// `a`, `a or b`, `a, b or c`.
    static func list(_ words: [String]) -> String {
        guard let last = words.last else { return "nothing" }
        let rest = words.dropLast()
        return rest.isEmpty ? last : "\(rest.joined(separator: ", ")) or \(last)"
    }
}
