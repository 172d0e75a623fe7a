/// A coding key made from a name or an index, for building the key paths that errors name.
public struct ConfigKey: CodingKey, Sendable, Hashable {
    /// The key as written, or a list index as text.
    public var stringValue: String
    /// The index, for a list element.
    public var intValue: Int?

    /// The key `name` of a mapping.
    public init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    /// The item at `index` of a sequence.
    public init(_ index: Int) {
        stringValue = "\(index)"
        intValue = index
    }

    public init?(stringValue: String) { self.init(stringValue) }
    public init?(intValue: Int) { self.init(intValue) }

    /// `key` as a ``ConfigKey``, an index staying an index.
    init(_ key: any CodingKey) {
        if let index = key.intValue, key.stringValue == "\(index)" || key.stringValue == "Index \(index)" {
            self.init(index)
        } else {
            self.init(key.stringValue)
        }
    }
}

/// Renders key paths such as `rooms[1].privacy`.
public enum ConfigKeyPath {
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

    /// `[rooms, 1, privacy]` for `rooms[1].privacy`: the inverse of ``render(_:)`` for keys without `.`, `[` or `]`.
    public static func keys(_ text: String) -> [ConfigKey] {
        var keys: [ConfigKey] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: true) {
            var rest = Substring(part)
            if let open = rest.firstIndex(of: "[") {
                if open > rest.startIndex { keys.append(ConfigKey(String(rest[..<open]))) }
                rest = rest[open...]
                while rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
                    let inside = rest[rest.index(after: rest.startIndex)..<close]
                    keys.append(Int(inside).map(ConfigKey.init) ?? ConfigKey(String(inside)))
                    rest = rest[rest.index(after: close)...]
                }
                if !rest.isEmpty { keys.append(ConfigKey(String(rest))) }
            } else {
                keys.append(ConfigKey(String(rest)))
            }
        }
        return keys
    }
}
