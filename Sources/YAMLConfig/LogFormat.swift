import Foundation
import Yams

/// How a daemon writes its log to standard error: `text` (one readable line a record) or `json` (one JSON object a
/// line, for log shippers). Chosen by `--log-format` or the configuration file's top-level `log_format` key.
public enum LogFormat: String, ConfigChoice {
    case text, json

    /// The `log_format` a configuration file declares, read before the whole file is (so the log is in the right
    /// format while it is read); nil when the file cannot be read, has no such key, or names no format (the whole
    /// file's load then reports it).
    public static func declared(inFile path: String) -> LogFormat? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
              let node = try? Yams.compose(yaml: text),
              let value = node.mapping?["log_format"]?.string else { return nil }
        return LogFormat(rawValue: value)
    }
}
