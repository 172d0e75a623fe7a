import PersistentChat
import YAMLConfig
import Yams

/// The middle layer of the configuration: host.yaml's `defaults.TYPE` options, under each bot entry of that type in
/// the room files (a key in the entry wins). Errors about a key that only the defaults give name host.yaml.
enum BotDefaults {
    /// The entry's mapping with the defaults' keys it lacks added.
    static func layer(_ entry: Node, over defaults: Node?) -> Node {
        guard var merged = entry.mapping, let defaults = defaults?.mapping else { return entry }
        for (key, value) in defaults where merged[key] == nil {
            merged[key] = value
        }
        return .mapping(merged)
    }

    /// `error` as it should be reported: against host.yaml's `defaults.TYPE.KEY` when the key it concerns comes from
    /// the defaults, else as it is.
    static func attribute(_ error: ConfigError, entry: Node, at: [any CodingKey], defaults: Node?, type: String,
                          hostFile: YAMLConfigFile) -> ConfigError {
        let prefix = ConfigKeyPath.render(at) + "."
        guard error.key.hasPrefix(prefix), let defaults = defaults?.mapping else { return error }
        let rest = error.key.dropFirst(prefix.count)
        let first = String(rest.prefix { $0 != "." && $0 != "[" })
        guard entry.mapping?[Node(first)] == nil, let value = defaults[Node(first)] else { return error }
        return ConfigError(file: hostFile.path, key: "defaults.\(type).\(rest)", line: value.mark?.line, reason: error.reason)
    }
}
