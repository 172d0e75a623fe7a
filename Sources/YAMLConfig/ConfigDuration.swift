import Foundation

/// A duration setting between 1 ms and 24 h, written `250ms`, `30s`, `5m` (or `5min`), `1h`, or as a bare number of
/// seconds.
public struct ConfigDuration: Sendable, Hashable, Decodable {
    /// The durations a setting may take.
    public static let range: ClosedRange<Duration> = .milliseconds(1) ... .seconds(86_400)

    /// The duration itself.
    public var duration: Duration

    /// `text` as a duration in ``range``; nil when it is not one.
    public init?(_ text: String) {
        guard let duration = Self.parse(text), Self.range.contains(duration) else { return nil }
        self.duration = duration
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "expected a duration between 1ms and 24h such as 30s or 500ms, got '\(text)'")
        }
        self = value
    }

    /// The longest duration written (about 31 years): longer ones are refused rather than overflow.
    public static let longestSeconds = 1e9

    /// `text` as a duration of any length up to ``longestSeconds``, or nil: a number, optionally with a unit (`ms`, `s`, `m`, `min`, `h`).
    public static func parse(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("min", 60), ("s", 1), ("m", 60), ("h", 3600)]
        var number = Substring(trimmed)
        var scale = 1.0
        for unit in units where trimmed.hasSuffix(unit.suffix) {
            number = trimmed.dropLast(unit.suffix.count)
            scale = unit.seconds
            break
        }
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value >= 0,
              value * scale <= longestSeconds else { return nil }
        return .milliseconds(Int64((value * scale * 1000).rounded()))
    }
}
