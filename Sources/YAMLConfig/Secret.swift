import Foundation

/// A secret a bot's options name (an API key, a token), read when the options are: a YAML file gives the option
/// `api_key` of type `Secret` as `api_key_env: NAME` (an environment variable) or `api_key_file: PATH` (a file whose
/// first line that is not blank or a `#` comment is the secret; a relative path is read from the folder of the file
/// that names it), never inline.
///
/// Its description, and so every log line, message and dump that shows it, names where it came from, never the
/// secret; ``value`` is the secret itself, for the one place that sends it.
///
/// ```swift
/// struct Options: Decodable, Sendable {
///     var api_key: Secret          // api_key_env: TRACKER_TOKEN
///     var webhook_key: Secret?     // optional: neither key given is nil
/// }
/// ```
public struct Secret: Sendable, Hashable, Decodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself.
    public let value: String
    /// Where it came from: `environment variable NAME` or the file's path.
    public let source: String

    /// A secret with a value given in code (a test's, say), described by `source`.
    public init(_ value: String, source: String) {
        self.value = value
        self.source = source
    }

    public var description: String { "secret from \(source)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Outside a YAML configuration's decoding there are no `_env`/`_file` keys to read it from.
    public init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath,
                                                debugDescription: "a secret is given as NAME_env or NAME_file in a YAML configuration"))
    }

    /// Reads the secret of option `name` from the `name_env`/`name_file` pair of `container` (a mapping keyed by any
    /// name), noting both keys in `recorder`; nil when neither is there and `optional`.
    static func read(_ name: String, in container: KeyedDecodingContainer<ConfigKey>, recorder: KeyRecorder,
                     optional: Bool) throws -> Secret? {
        let environmentKey = ConfigKey(name + "_env")
        let fileKey = ConfigKey(name + "_file")
        recorder.note(environmentKey, at: container.codingPath)
        recorder.note(fileKey, at: container.codingPath)
        let inline = ConfigKey(name)
        if container.contains(inline) {
            recorder.note(inline, at: container.codingPath)
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [inline],
                                                    debugDescription: "a secret is never written inline; give \(name)_env or \(name)_file"))
        }
        if !container.contains(environmentKey), !container.contains(fileKey) {
            if optional { return nil }
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [environmentKey],
                                                    debugDescription: "required: give \(name)_env or \(name)_file"))
        }
        let source = try SecretSource(from: container, environmentKey: environmentKey, fileKey: fileKey)
        let folder = recorder.secrets.folder
        do {
            let (value, from) = try source.value(name: name, environment: recorder.secrets.environment) { path in
                path.hasPrefix("/") ? path : folder.appendingPathComponent(path).path
            }
            return Secret(value, source: from)
        } catch {
            let key = source.keySuffix == "_env" ? environmentKey : fileKey
            throw DecodingError.dataCorrupted(.init(codingPath: container.codingPath + [key], debugDescription: error.reason))
        }
    }
}

/// Where ``Secret`` options are read from while a file decodes: its environment and its folder.
struct SecretReading {
    var environment: [String: String]
    var folder: URL
}
