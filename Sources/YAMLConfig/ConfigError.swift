/// A configuration error that names the file, the key and what is wrong.
public struct ConfigError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The file that holds the error.
    public var file: String
    /// The dotted key path, e.g. `rooms[1].privacy`; empty for the whole file.
    public var key: String
    /// 1-based line in the file, when known.
    public var line: Int?
    /// What is wrong.
    public var reason: String

    public init(file: String, key: String, line: Int? = nil, reason: String) {
        self.file = file
        self.key = key
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let place = line.map { "\(file):\($0)" } ?? file
        return key.isEmpty ? "\(place): \(reason)" : "\(place): \(key): \(reason)"
    }
}
