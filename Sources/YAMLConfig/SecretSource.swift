/// Where a secret (a password, a token) is read from, never the secret itself: a configuration gives it as a pair of
/// keys, `NAME_env` (an environment variable's name) or `NAME_file` (a file's path), exactly one of them.
public enum SecretSource: Sendable, Hashable {
    /// The environment variable of that name holds the secret.
    case environment(variable: String)
    /// The file at that path holds the secret.
    case file(path: String)

    /// The suffix of the key it was given by: `_env` or `_file`.
    public var keySuffix: String {
        switch self {
        case .environment: "_env"
        case .file: "_file"
        }
    }

    /// Decodes the pair `environmentKey` / `fileKey` (`password_env` / `password_file`) of `container`'s mapping,
    /// exactly one of which must be given.
    public init<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, environmentKey: Key, fileKey: Key) throws {
        let variable = try container.decodeIfPresent(String.self, forKey: environmentKey)
        let path = try container.decodeIfPresent(String.self, forKey: fileKey)
        let pair = "\(environmentKey.stringValue) or \(fileKey.stringValue)"
        switch (variable, path) {
        case (let variable?, nil):
            self = .environment(variable: variable)
        case (nil, let path?):
            self = .file(path: path)
        case (nil, nil):
            let name = environmentKey.stringValue.replacingOccurrences(of: "_env", with: "")
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath,
                                                    debugDescription: "give \(pair) (\(name)s are never written inline)"))
        case (_?, _?):
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath, debugDescription: "give \(pair), not both"))
        }
    }
}
