import PersistentChat
import YAMLConfig

/// Durations in configuration files and messages: `250ms`, `30s`, `5m` (or `5min`), `1h`, or a bare number of seconds.
package enum DurationText {
    /// Parses `text`; nil when it is not a duration (of any length).
    package static func parse(_ text: String) -> Duration? {
        ConfigDuration.parse(text)
    }

    /// `duration` for people: `250 ms`, `30 s`, `5 min`.
    package static func describe(_ duration: Duration) -> String {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if milliseconds < 1000 { return "\(milliseconds) ms" }
        if milliseconds % 60_000 == 0 { return "\(milliseconds / 60_000) min" }
        if milliseconds % 1000 == 0 { return "\(milliseconds / 1000) s" }
        return "\(Double(milliseconds) / 1000) s"
    }
}
