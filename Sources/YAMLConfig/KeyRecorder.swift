import Yams

/// Notes, while a value decodes, every mapping it reads and the keys asked of each, so that the keys nobody asked
/// for can be refused afterwards (a `prefix:` left over from an old version, a misspelt option).
///
/// A mapping read with coding keys that are `CaseIterable` takes all their cases at once: it is complete before its
/// fields decode, so when decoding fails (a required key misspelt, hence missing) its unknown keys are still refused,
/// and reported first.
final class KeyRecorder {
    /// One mapping read while decoding, at `path` from the decoded node.
    struct Mapping {
        var path: [ConfigKey]
        var asked: Set<String> = []
        /// Its coding keys' cases are all in `asked`.
        var complete = false
        /// Read by a ``SharedMapping``: another reader checks its keys.
        var shared = false
    }

    private(set) var mappings: [String: Mapping] = [:]
    /// Where ``Secret`` options are read from.
    let secrets: SecretReading

    init(secrets: SecretReading) {
        self.secrets = secrets
    }

    /// Notes a keyed container at `path`, with the names of all its keys when its key type lists them.
    func visit<Key: CodingKey>(_ path: [any CodingKey], keyedBy type: Key.Type, shared: Bool) {
        let keys = path.map(ConfigKey.init)
        let declared = (Key.self as? any CaseIterable.Type).map { Self.names(of: $0) }
        let name = ConfigKeyPath.render(keys)
        var mapping = mappings[name] ?? Mapping(path: keys)
        if let declared {
            mapping.asked.formUnion(declared)
            mapping.complete = true
        }
        mapping.shared = mapping.shared || shared
        mappings[name] = mapping
    }

    /// Notes the decoded node itself, so that its keys are checked even when the type reads none of them.
    func visitRoot(shared: Bool) {
        mappings["", default: Mapping(path: [])].shared = shared
    }

    /// Notes that the mapping at `path` was asked for `key`.
    func note(_ key: some CodingKey, at path: [any CodingKey]) {
        let keys = path.map(ConfigKey.init)
        mappings[ConfigKeyPath.render(keys), default: Mapping(path: keys)].asked.insert(key.stringValue)
    }

    private static func names<Cases: CaseIterable>(of type: Cases.Type) -> [String] {
        type.allCases.compactMap { ($0 as? any CodingKey)?.stringValue }
    }
}

/// A key of a decoded mapping that nobody asked for.
struct UnknownKey {
    /// The mapping's path from the decoded node.
    var mapping: [ConfigKey]
    var name: String
    /// The keys the mapping's reader asked for.
    var expected: Set<String>
    /// 1-based line of the key, when known.
    var line: Int?
}

extension KeyRecorder {
    /// The first key, in file order, of a mapping under `node` that was read and that nobody asked for;
    /// only mappings whose keys are all known when `completeOnly`. `alsoAllowed` keys of the top mapping are allowed.
    func firstUnknownKey(in node: Node, completeOnly: Bool, alsoAllowed: Set<String> = []) -> UnknownKey? {
        var found: [UnknownKey] = []
        for mapping in mappings.values where !mapping.shared && (mapping.complete || !completeOnly) {
            guard let entries = Self.node(at: mapping.path, in: node)?.mapping else { continue }
            let allowed = mapping.path.isEmpty ? mapping.asked.union(alsoAllowed) : mapping.asked
            for (key, _) in entries {
                guard let name = key.string, !allowed.contains(name) else { continue }
                found.append(UnknownKey(mapping: mapping.path, name: name, expected: mapping.asked, line: key.mark?.line))
            }
        }
        return found.min { ($0.line ?? .max, ConfigKeyPath.render($0.mapping)) < ($1.line ?? .max, ConfigKeyPath.render($1.mapping)) }
    }

    /// The node at `path` under `node`: an index into a sequence, a key into a mapping.
    static func node(at path: [ConfigKey], in node: Node) -> Node? {
        var current = node
        for key in path {
            if let sequence = current.sequence {
                guard let index = key.intValue, sequence.indices.contains(index) else { return nil }
                current = sequence[index]
            } else if let mapping = current.mapping, let next = mapping[Node(key.stringValue)] {
                current = next
            } else {
                return nil
            }
        }
        return current
    }
}
