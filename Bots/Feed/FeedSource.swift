import BotKit
import Crypto
import Foundation
import YAMLConfig

/// One feed of the `feed` bot, as its room file gives it.
public struct FeedSource: Decodable, Sendable {
    /// The feed's `http://` or `https://` URL.
    public var url: String
    /// The name its items are posted under (default: the feed's own title).
    public var name: String?
    /// How often it is read (default `15m`, `1m` to `24h`).
    public var every: ConfigDuration?
    /// Only items whose title this regular expression matches are posted (e.g. `(?i)release|security`).
    public var title_filter: String?
    /// How many of the newest items the very first read posts (default 0: nothing older than the bot's start).
    public var first_read: Int?
    /// Post this feed's items as alerts.
    public var alert: Bool?
}

/// A feed's options, checked.
struct FeedSettings: Sendable {
    let url: String
    let name: String?
    let interval: TimeInterval
    /// Compiled once; `Regex<AnyRegexOutput>` is not `Sendable` only because of its output type, and a compiled regex
    /// is immutable and safe to match from any task.
    nonisolated(unsafe) let titleFilter: Regex<AnyRegexOutput>?
    let firstRead: Int
    let alert: Bool
    /// The URL as the room and the log see it: without its query or user name (either may hold a token).
    var shownURL: String { ShownURL.of(url) }

    /// The stable short name of the feed's URL that keys its stored state and its job.
    let key: String

    init(_ source: FeedSource, at index: Int) throws {
        let lowered = source.url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://"), URL(string: source.url)?.host != nil else {
            throw BotOptionError(key: "feeds[\(index)].url", reason: "must be an http:// or https:// URL, got '\(ShownURL.of(source.url))'")
        }
        url = source.url
        if let name = source.name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw BotOptionError(key: "feeds[\(index)].name", reason: "must not be empty")
        }
        name = source.name
        let interval = source.every?.duration ?? .seconds(900)
        guard interval >= .seconds(60) else {
            throw BotOptionError(key: "feeds[\(index)].every", reason: "must be at least 1m, got \(DurationText.describe(interval))")
        }
        self.interval = TimeInterval(interval.components.seconds)
        if let pattern = source.title_filter {
            do {
                titleFilter = try Regex(pattern)
            } catch {
                throw BotOptionError(key: "feeds[\(index)].title_filter", reason: "not a regular expression: \(error)")
            }
        } else {
            titleFilter = nil
        }
        firstRead = try OptionBounds.check(source.first_read, default: 0, in: 0...20, key: "feeds[\(index)].first_read")
        alert = source.alert ?? false
        key = Self.digest(source.url)
    }

    /// Whether the item's title passes the filter.
    func admits(_ item: FeedDocument.Item) -> Bool {
        guard let titleFilter else { return true }
        return (try? titleFilter.firstMatch(in: item.title)) != nil
    }

    /// The first 16 hex digits of `text`'s SHA-256: short, stable keys for URLs and item ids.
    static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(8).map { String(format: "%02x", $0) }.joined()
    }
}
