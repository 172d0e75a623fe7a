import Foundation
import Yams

/// A parsed YAML config file: decodes typed values, refusing keys they do not read, and reports errors by file,
/// key and line.
public struct YAMLConfigFile {
    /// The path as given, used in every error.
    public let path: String
    /// The parsed document.
    public let root: Node
    /// The file's text as read.
    public let text: String
    /// The environment ``Secret`` options named by `NAME_env` are read from.
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    /// Reads and parses `path`; an unreadable file or invalid YAML is a ``ConfigError``.
    public init(path: String) throws(ConfigError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, key: "", reason: "cannot read file: \(error.localizedDescription)")
        }
        try self.init(path: path, text: text)
    }

    /// Parses `text` as the contents of `path`.
    public init(path: String, text: String) throws(ConfigError) {
        self.path = path
        self.text = text
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw ConfigError(file: path, key: "", reason: "the file is empty")
            }
            root = node
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(file: path, key: "", line: Self.line(of: error), reason: "invalid YAML: \(error)")
        } catch {
            throw ConfigError(file: path, key: "", reason: "invalid YAML: \(error)")
        }
    }

    /// Decodes `type` from `node` (by default the node at `prefix`, the root when `prefix` is empty), refusing every
    /// key of a mapping it reads that it does not ask for; the errors name keys from `prefix`. A ``SharedMapping``
    /// leaves its unread keys to its other reader.
    public func decode<T: Decodable>(_ type: T.Type, from node: Node? = nil, at prefix: [any CodingKey] = []) throws(ConfigError) -> T {
        try decode(type, from: node, at: prefix) { unknown in
            let expected = unknown.expected.sorted().joined(separator: ", ")
            return expected.isEmpty ? "unknown key (this mapping takes no keys)" : "unknown key (expected one of: \(expected))"
        }
    }

    /// Decodes `type` like ``decode(_:from:at:)``, the keys in `alsoAllowed` (read by someone else) being allowed in
    /// its own mapping too; an unknown key of that mapping is reported as one for `owner`, with the options it takes.
    public func decodeRefusingUnknownKeys<T: Decodable>(_ type: T.Type, from node: Node? = nil, at prefix: [any CodingKey],
                                                        alsoAllowed: Set<String>, owner: String) throws(ConfigError) -> T {
        try decode(type, from: node, at: prefix, alsoAllowed: alsoAllowed) { unknown in
            let expected = unknown.expected.sorted().joined(separator: ", ")
            guard unknown.mapping.isEmpty else { return "unknown key (expected one of: \(expected))" }
            return "unknown key for \(owner) (\(expected.isEmpty ? "it takes no options" : "its options: \(expected)"))"
        }
    }

    /// The node at a key path, or nil.
    public func node(at path: [any CodingKey]) -> Node? {
        KeyRecorder.node(at: path.map(ConfigKey.init), in: root)
    }

    /// A ``ConfigError`` about the key at `path`, with its line when the key exists.
    public func error(at path: [any CodingKey], _ reason: String) -> ConfigError {
        ConfigError(file: self.path, key: ConfigKeyPath.render(path), line: node(at: path)?.mark?.line, reason: reason)
    }

    private func decode<T: Decodable>(_ type: T.Type, from node: Node?, at prefix: [any CodingKey], alsoAllowed: Set<String> = [],
                                      unknownKeyReason: (UnknownKey) -> String) throws(ConfigError) -> T {
        guard let target = node ?? self.node(at: prefix) else {
            throw error(at: prefix, "required key is missing")
        }
        let recorder = KeyRecorder(secrets: SecretReading(
            environment: environment, folder: URL(fileURLWithPath: path).deletingLastPathComponent()))
        recorder.visitRoot(shared: T.self is any SharedMapping.Type)
        let value: T
        do {
            value = try YAMLDecoder().decode(type, from: target, recorder: recorder)
        } catch {
            // A key misspelt is also a key missing: the misspelling is the better report.
            if let unknown = recorder.firstUnknownKey(in: target, completeOnly: true, alsoAllowed: alsoAllowed) {
                throw configError(for: unknown, prefix: prefix, reason: unknownKeyReason(unknown))
            }
            throw configError(for: error, prefix: prefix)
        }
        if let unknown = recorder.firstUnknownKey(in: target, completeOnly: false, alsoAllowed: alsoAllowed) {
            throw configError(for: unknown, prefix: prefix, reason: unknownKeyReason(unknown))
        }
        return value
    }

    private func configError(for unknown: UnknownKey, prefix: [any CodingKey], reason: String) -> ConfigError {
        ConfigError(file: path, key: ConfigKeyPath.render(prefix + unknown.mapping + [ConfigKey(unknown.name)]), line: unknown.line,
                    reason: reason)
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }
}

private extension YAMLDecoder {
    /// Decodes `type` from `node`, noting in `recorder` every mapping read and the keys asked of it.
    func decode<T: Decodable>(_ type: T.Type, from node: Node, recorder: KeyRecorder) throws -> T {
        try decode(Recorded<T>.self, from: node, userInfo: [Recorded<T>.recorderKey: recorder]).value
    }
}

/// Decodes `Value` through a ``RecordingDecoder`` on the recorder passed in `userInfo`.
private struct Recorded<Value: Decodable>: Decodable {
    static var recorderKey: CodingUserInfoKey {
        guard let key = CodingUserInfoKey(rawValue: "YAMLConfig.recorder") else { preconditionFailure("a valid userInfo key") }
        return key
    }
    let value: Value

    init(from decoder: any Decoder) throws {
        guard let recorder = decoder.userInfo[Self.recorderKey] as? KeyRecorder else {
            preconditionFailure("Recorded is decoded only with a recorder in userInfo")
        }
        value = try RecordingDecoder.decode(Value.self, from: decoder, recorder: recorder)
    }
}
