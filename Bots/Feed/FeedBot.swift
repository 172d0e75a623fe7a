import BotKit
import CurlHTTP
import Foundation
import HTTPTypes

/// Posts new items of RSS 2.0, RSS 1.0 and Atom feeds: each feed is read on its own interval with a conditional GET
/// (`ETag`, `Last-Modified`), items already posted are remembered in storage, and a title filter picks what is posted.
/// A feed that answers an error or cannot be parsed is logged and read again sooner, and the room is told once when it
/// keeps failing and once when it is back; the bot itself never fails for it.
public struct FeedBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The feeds, each read on its own interval.
        public var feeds: [FeedSource]
        /// How an item is posted: `{feed}`, `{title}`, `{link}` and `{author}` (default `{feed}: {title} {link}`).
        public var message: String?
        /// The most items one read posts; more are counted in one line (default 5, 1 to 50).
        public var max_per_read: Int?
        /// After this many failed reads in a row the room is told (default 3; 0 never tells).
        public var report_failures_after: Int?
        /// Hosts that may resolve to loopback or private addresses (refused otherwise).
        public var allow_hosts: [String]?
        /// Time allowed for one read in seconds (default 20, at least 1 and less than the entry's `timeout`).
        public var timeout_seconds: Int?
    }

    public static let typeName = "feed"
    public let commands: BotCommands
    let feeds: [FeedSettings]

    /// The largest feed document read.
    static let maxDocumentBytes = 4 << 20
    /// The first retry after a failed read; each further one waits twice as long, up to the feed's interval.
    static let firstRetry: TimeInterval = 60

    public init(options: Options, context: BotSetupContext) throws {
        guard !options.feeds.isEmpty else { throw BotOptionError(key: "feeds", reason: "give at least one feed") }
        let feeds = try options.feeds.enumerated().map { try FeedSettings($1, at: $0) }
        for (index, feed) in feeds.enumerated() where feeds[..<index].contains(where: { $0.url == feed.url }) {
            throw BotOptionError(key: "feeds[\(index)].url", reason: "'\(feed.shownURL)' is listed twice")
        }
        self.feeds = feeds
        let timeout = try OptionBounds.callOutTimeout(options.timeout_seconds, default: 20, within: context.callTimeout, key: "timeout_seconds")
        let reader = FeedReader(
            template: options.message ?? "{feed}: {title} {link}",
            maxPerRead: try OptionBounds.check(options.max_per_read, default: 5, in: 1...50, key: "max_per_read"),
            reportAfter: try OptionBounds.check(options.report_failures_after, default: 3, in: 0...100, key: "report_failures_after"),
            policy: Self.policy(allowHosts: options.allow_hosts ?? [], timeout: timeout))
        guard !reader.template.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BotOptionError(key: "message", reason: "must not be empty")
        }
        var commands = BotCommands()
        commands.onJob("Reads a feed and posts its new items.") { job, context in
            guard let feed = feeds.first(where: { FeedReader.jobKey(for: $0) == job.key }) else { return }
            try await reader.read(feed, context: context)
        }
        commands.command("feeds", "Lists the feeds, when each was read and when it is read next.") { _, context in
            try await context.reply(try await reader.status(of: feeds, context: context))
        }
        // A read whose call failed (the call's timeout, a storage fault) leaves no next read: this puts it back.
        commands.every(.seconds(Int64(Self.scheduleCheck)), "Keeps every feed's next read scheduled.") { context in
            try await Self.scheduleMissingReads(of: feeds, context: context)
        }
        self.commands = commands
    }

    /// How often, in seconds, feeds without a next read are looked for.
    static let scheduleCheck = 300

    /// Starts reading each feed that has no read scheduled (a feed new to the room file, or the first start), and
    /// forgets the reads of feeds no longer listed.
    public func handle(_ event: BotEvent, context: BotContext) async throws {
        guard case .instanceStarted = event else { return }
        let wanted = Set(feeds.map(FeedReader.jobKey))
        for job in try await context.scheduledJobs(prefix: FeedReader.jobPrefix) where !wanted.contains(job.key) {
            try await context.cancelJob(job.key)
        }
        try await Self.scheduleMissingReads(of: feeds, context: context)
    }

    /// Schedules a read now for each of `feeds` that has none.
    static func scheduleMissingReads(of feeds: [FeedSettings], context: BotContext) async throws {
        let present = Set(try await context.scheduledJobs(prefix: FeedReader.jobPrefix).map(\.key))
        for feed in feeds where !present.contains(FeedReader.jobKey(for: feed)) {
            context.logger.debug("feed read scheduled", metadata: ["feed": "\(feed.shownURL)"])
            try await context.schedule(at: context.now, key: FeedReader.jobKey(for: feed))
        }
    }

    private static func policy(allowHosts: [String], timeout: Int) -> HTTPClientPolicy {
        var policy = HTTPClientPolicy()
        policy.allowedHosts = Set(allowHosts.map { $0.lowercased() })
        policy.totalTimeout = .seconds(timeout)
        policy.connectTimeout = .seconds(min(timeout, 5))
        policy.maxResponseBytes = maxDocumentBytes
        return policy
    }
}
