import PersistentChat

/// Finds, at start-up, a property of a command's type that its declaration does not give (a typo, or a parameter
/// left out of the declaration), so the fault stops start-up instead of failing each call.
///
/// It decodes the type once from sample values and notes the first key asked for that the declaration lacks. A
/// type whose decoding stops early (its own validation refuses a sample) is checked up to that point.
enum DeclarationProbe {
    static func undeclaredKey<T: Decodable>(of type: T.Type, in declaration: CommandDeclaration) -> String? {
        let probe = Probe(declaration: declaration)
        _ = try? T(from: probe)
        return probe.recorder.undeclared
    }

    private final class Recorder {
        var undeclared: String?
    }

    private struct Probe: Decoder {
        let declaration: CommandDeclaration
        let recorder = Recorder()
        var codingPath: [any CodingKey] { [] }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            KeyedDecodingContainer(Keyed<Key>(probe: self))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer { throw CommandUsageError("not a struct") }
        func singleValueContainer() throws -> any SingleValueDecodingContainer { throw CommandUsageError("not a struct") }

        func parameter(_ key: some CodingKey) -> CommandDeclaration.Parameter? {
            let found = CommandArgumentsDecoder(arguments: CommandArguments(values: [:]), declaration: declaration)
                .parameter(for: key.stringValue)
            if found == nil, recorder.undeclared == nil { recorder.undeclared = key.stringValue }
            return found
        }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let probe: Probe
        var codingPath: [any CodingKey] { [] }
        var allKeys: [Key] { [] }

        func contains(_ key: Key) -> Bool { probe.parameter(key) != nil }
        func decodeNil(forKey key: Key) throws -> Bool { probe.parameter(key) == nil }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let parameter = probe.parameter(key) else { throw CommandUsageError("undeclared") }
            let sample: CommandArguments.Value
            if type == Bool.self {
                sample = .flag(false)
            } else if let choice = ChoiceList.of(type)?.first {
                sample = .word(choice)
            } else if type is any Numeric.Type {
                sample = .word("0")
            } else {
                sample = .rest(text: "x", words: ["x"])
            }
            return try ArgumentValueDecoder(value: sample, parameter: parameter, codingPath: [key]).decode(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw CommandUsageError("nested")
        }
        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer { throw CommandUsageError("nested") }
        func superDecoder() throws -> any Decoder { probe }
        func superDecoder(forKey key: Key) throws -> any Decoder { probe }
    }
}
