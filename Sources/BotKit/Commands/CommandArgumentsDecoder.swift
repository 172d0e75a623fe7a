import PersistentChat

/// Decodes a command's arguments into the command's own `Decodable` type.
///
/// Each stored property is a parameter, by name (`dry-run` in a declaration also fills `dryRun`): `String`,
/// integers, `Double`, `Bool` (a flag, or `true`/`false`/`yes`/`no`), `[String]` (the words of a rest-of-line
/// parameter), an enum with `String` raw values, or an `Optional` of these for parameters that may be left out.
/// A value of the wrong kind is a ``CommandUsageError`` naming the parameter.
struct CommandArgumentsDecoder: Decoder {
    let arguments: CommandArguments
    let declaration: CommandDeclaration
    var codingPath: [any CodingKey] = []
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(Keyed<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([String].self, .init(codingPath: codingPath, debugDescription: "a command's arguments decode into a struct with one property per parameter"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        throw DecodingError.typeMismatch(String.self, .init(codingPath: codingPath, debugDescription: "a command's arguments decode into a struct with one property per parameter"))
    }

    /// The declared parameter a key names: exactly, or as the camelCase form of a name with `-` or `_`.
    func parameter(for key: String) -> CommandDeclaration.Parameter? {
        declaration.parameters.first { $0.name == key || CamelCase.of($0.name) == key }
    }

    private struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let decoder: CommandArgumentsDecoder
        var codingPath: [any CodingKey] { decoder.codingPath }
        var allKeys: [Key] { decoder.declaration.parameters.compactMap { Key(stringValue: $0.name) } }

        func contains(_ key: Key) -> Bool { value(for: key) != nil }

        func decodeNil(forKey key: Key) throws -> Bool { value(for: key) == nil }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            guard let parameter = decoder.parameter(for: key.stringValue) else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription:
                    "'\(key.stringValue)' is not a parameter of the declaration '\(decoder.declaration)'"))
            }
            guard let value = decoder.arguments.values[parameter.name] else {
                throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription:
                    "\(parameter.usage) was left out; decode it as an Optional"))
            }
            return try ArgumentValueDecoder(value: value, parameter: parameter, codingPath: codingPath + [key]).decode(type)
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
            throw DecodingError.typeMismatch([String: String].self, .init(codingPath: codingPath + [key], debugDescription: "a parameter holds one value"))
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            throw DecodingError.typeMismatch([String].self, .init(codingPath: codingPath + [key], debugDescription: "decode a rest-of-line parameter as [String]"))
        }

        func superDecoder() throws -> any Decoder { decoder }
        func superDecoder(forKey key: Key) throws -> any Decoder { decoder }

        private func value(for key: Key) -> CommandArguments.Value? {
            decoder.parameter(for: key.stringValue).flatMap { decoder.arguments.values[$0.name] }
        }
    }
}

/// One parameter's value, decoded into the property's type.
struct ArgumentValueDecoder: Decoder, SingleValueDecodingContainer {
    let value: CommandArguments.Value
    let parameter: CommandDeclaration.Parameter
    var codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == [String].self, let words = words as? T { return words }
        if type == String.self, let text = text as? T { return text }
        if type == Bool.self, let flag = try bool() as? T { return flag }
        if let number = type as? any LosslessStringConvertible.Type, type is any Numeric.Type {
            guard let parsed = try self.number(number) as? T else {
                throw CommandUsageError("\(shown) expects \(Self.kind(of: type)), got '\(text)'")
            }
            return parsed
        }
        do {
            return try T(from: self)
        } catch let error as DecodingError {
            if case .dataCorrupted = error {
                let choices = ChoiceList.of(type).map { " (one of: \($0.joined(separator: ", ")))" } ?? ""
                throw CommandUsageError("\(shown) cannot be '\(text)'\(choices)")
            }
            throw error
        }
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        throw DecodingError.typeMismatch([String: String].self, .init(codingPath: codingPath, debugDescription: "a parameter holds one value"))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        throw DecodingError.typeMismatch([String].self, .init(codingPath: codingPath, debugDescription: "decode a rest-of-line parameter as [String]"))
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { self }

    func decodeNil() -> Bool { false }
    func decode(_ type: String.Type) throws -> String { text }
    func decode(_ type: Bool.Type) throws -> Bool { try bool() }
    func decode(_ type: Double.Type) throws -> Double { try number(type) }
    func decode(_ type: Float.Type) throws -> Float { try number(type) }
    func decode(_ type: Int.Type) throws -> Int { try number(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try number(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try number(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try number(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try number(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try number(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try number(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try number(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try number(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try number(type) }

    private func number<N: LosslessStringConvertible>(_ type: N.Type) throws -> N {
        guard let parsed = N(text) else {
            throw CommandUsageError("\(shown) expects \(Self.kind(of: type)), got '\(text)'")
        }
        return parsed
    }

    private var text: String {
        switch value {
        case .word(let text), .rest(let text, _): text
        case .flag(let on): on ? "true" : "false"
        }
    }

    private var words: [String] {
        switch value {
        case .word(let text): [text]
        case .rest(_, let words): words
        case .flag: []
        }
    }

    private var shown: String {
        switch parameter {
        case .positional: "<\(parameter.name)>"
        case .option, .flag: "--\(parameter.name)"
        }
    }

    private func bool() throws -> Bool {
        if case .flag(let on) = value { return on }
        switch text.lowercased() {
        case "true", "yes", "on", "1": return true
        case "false", "no", "off", "0": return false
        default: throw CommandUsageError("\(shown) expects yes or no, got '\(text)'")
        }
    }

    private static func kind(of type: Any.Type) -> String {
        switch type {
        case is any BinaryInteger.Type: "a whole number"
        case is any BinaryFloatingPoint.Type: "a number"
        default: "a \(type)"
        }
    }
}

/// The raw values of a `CaseIterable` enum, to list in a usage error.
enum ChoiceList {
    static func of(_ type: Any.Type) -> [String]? {
        guard let cases = type as? any CaseIterable.Type else { return nil }
        return values(cases)
    }

    private static func values<C: CaseIterable>(_ type: C.Type) -> [String] {
        type.allCases.map { item in (item as? any RawRepresentable).map { "\($0.rawValue)" } ?? "\(item)" }
    }
}

/// `dry-run` and `dry_run` as `dryRun`.
enum CamelCase {
    static func of(_ name: String) -> String {
        var result = ""
        var upper = false
        for character in name {
            if character == "-" || character == "_" {
                upper = true
            } else {
                result += upper ? character.uppercased() : String(character)
                upper = false
            }
        }
        return result
    }
}
