import Foundation
import Yams

/// A parsed YAML config file: decodes typed values and reports errors by file, key and line.
public struct YAMLConfigFile {
    /// The path as given, used in every error.
    public let path: String
    /// The parsed document.
    public let root: Node
    /// The file's text as read.
    public let text: String

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

    /// Decodes `type` from the node at `node` (the root by default), mapping decoding errors to the key they concern.
    public func decode<T: Decodable>(_ type: T.Type, from node: Node? = nil, at prefix: [any CodingKey] = []) throws(ConfigError) -> T {
        let target = node ?? root
        do {
            return try YAMLDecoder().decode(T.self, from: target)
        } catch let error as DecodingError {
            throw configError(for: error, prefix: prefix)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(file: path, key: KeyPath.render(prefix), line: target.mark?.line, reason: "\(error)")
        }
    }

    /// Decodes `type` from the mapping at `prefix` like ``decode(_:from:at:)``, then refuses any key of that mapping
    /// that `type` never asked for and that is not in `alsoAllowed` (keys read by someone else).
    /// `node` is the mapping to read (by default the one at `prefix`; a caller that layers defaults under it passes
    /// the merged mapping).
    public func decodeRefusingUnknownKeys<T: Decodable>(_ type: T.Type, from node: Node? = nil, at prefix: [any CodingKey],
                                                        alsoAllowed: Set<String>, owner: String) throws(ConfigError) -> T {
        let target = node ?? self.node(at: prefix)
        let recorded = try decode(KeyRecording<T>.self, from: target, at: prefix)
        guard let mapping = target?.mapping else { return recorded.value }
        for (key, _) in mapping {
            guard let name = key.string, !recorded.keys.contains(name), !alsoAllowed.contains(name) else { continue }
            let own = recorded.keys.sorted()
            let takes = own.isEmpty ? "it takes no options" : "its options: \(own.joined(separator: ", "))"
            throw ConfigError(file: path, key: KeyPath.render(prefix + [KeyPath.Key(name)]), line: key.mark?.line,
                              reason: "unknown key for \(owner) (\(takes))")
        }
        return recorded.value
    }

    /// Refuses keys of the mapping at `path` that are not in `allowed` (catching typos such as `categorys`).
    public func checkKeys(at path: [any CodingKey], allowed: Set<String>) throws(ConfigError) {
        guard let node = self.node(at: path), let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let name = key.string else { continue }
            if !allowed.contains(name) {
                let choices = allowed.sorted().joined(separator: ", ")
                throw ConfigError(file: self.path, key: KeyPath.render(path + [KeyPath.Key(name)]), line: key.mark?.line,
                                  reason: "unknown key (expected one of: \(choices))")
            }
        }
    }

    /// The number of items in the sequence at `path` (0 when absent or not a sequence).
    public func count(at path: [any CodingKey]) -> Int {
        node(at: path)?.sequence?.count ?? 0
    }

    /// A ``ConfigError`` about the key at `path`, with its line when the key exists.
    public func error(at path: [any CodingKey], _ reason: String) -> ConfigError {
        ConfigError(file: self.path, key: KeyPath.render(path), line: node(at: path)?.mark?.line, reason: reason)
    }

    /// The node at a key path, or nil.
    public func node(at path: [any CodingKey]) -> Node? {
        var current: Node? = root
        for key in path {
            guard let node = current else { return nil }
            if let index = key.intValue {
                guard let sequence = node.sequence, index < sequence.count else { return nil }
                current = sequence[index]
            } else {
                current = node.mapping?[Node(key.stringValue)]
            }
        }
        return current
    }

    private func configError(for error: DecodingError, prefix: [any CodingKey]) -> ConfigError {
        switch error {
        case .keyNotFound(let key, let context):
            let path = prefix + context.codingPath
            return ConfigError(file: self.path, key: KeyPath.render(path + [key]), line: node(at: path)?.mark?.line,
                               reason: "required key is missing")
        case .typeMismatch(let type, let context):
            let path = prefix + context.codingPath
            return ConfigError(file: self.path, key: KeyPath.render(path), line: node(at: path)?.mark?.line,
                               reason: "expected \(Self.describe(type))")
        case .valueNotFound(let type, let context):
            let path = prefix + context.codingPath
            return ConfigError(file: self.path, key: KeyPath.render(path), line: node(at: path)?.mark?.line,
                               reason: "expected \(Self.describe(type)), found nothing")
        case .dataCorrupted(let context):
            let path = prefix + context.codingPath
            return ConfigError(file: self.path, key: KeyPath.render(path), line: node(at: path)?.mark?.line,
                               reason: context.debugDescription)
        @unknown default:
            return ConfigError(file: self.path, key: KeyPath.render(prefix), reason: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        if type is String.Type { return "a string" }
        if type is Int.Type { return "an integer" }
        if type is Bool.Type { return "true or false" }
        if type is Double.Type { return "a number" }
        let name = String(describing: type)
        if name == "Scalar" { return "a single value (not a list or mapping)" }
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping" }
        return "a \(name) value"
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

/// Builds and renders key paths such as `rooms[1].privacy`.
public enum KeyPath {
    /// A coding key made from a name or an index.
    public struct Key: CodingKey {
        public var stringValue: String
        public var intValue: Int?
        public init(_ name: String) { stringValue = name; intValue = nil }
        public init(_ index: Int) { stringValue = "\(index)"; intValue = index }
        public init?(stringValue: String) { self.init(stringValue) }
        public init?(intValue: Int) { self.init(intValue) }
    }

    /// `rooms[1].privacy` for `[rooms, 1, privacy]`.
    public static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else if key.stringValue.hasPrefix("Index ") {
                text += "[\(key.stringValue.dropFirst(6))]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }
}
