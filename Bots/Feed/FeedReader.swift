import BotKit
import CurlHTTP
import Foundation
import HTTPTypes

/// Reads one feed for the `feed` bot: fetches it (conditionally), posts what is new, keeps its state, and schedules
/// the next read.
struct FeedReader: Sendable {
    let template: String
    let maxPerRead: Int
    let reportAfter: Int
    let policy: HTTPClientPolicy

    static let jobPrefix = "read/"
    static func jobKey(for feed: FeedSettings) -> String { jobPrefix + feed.key }
    static func stateKey(for feed: FeedSettings) -> String { "feed/" + feed.key }

    /// Reads `feed` once and schedules its next read; a failure is logged, counted and told, never thrown.
    func read(_ feed: FeedSettings, context: BotContext) async throws {
        let key = Self.stateKey(for: feed)
        var state = try await context.storage.value(key, as: FeedState.self) ?? FeedState(since: context.now)
        do {
            let items = try await fetch(feed, state: &state, context: context)
            if state.failureReported {
                try await say("\(name(of: feed, state: state)): the feed can be read again.", context: context)
            }
            state.failures = 0
            state.failingSince = nil
            state.lastError = nil
            state.failureReported = false
            state.lastRead = context.now
            try await post(items, of: feed, state: state, context: context)
        } catch let error as CancellationError {
            throw error
        } catch {
            let reason = Self.describe(error)
            state.failures += 1
            state.failingSince = state.failingSince ?? context.now
            state.lastError = reason
            context.logger.warning("feed read failed", metadata: [
                "feed": "\(feed.shownURL)", "error": "\(reason)", "failures_in_a_row": "\(state.failures)",
            ])
            if reportAfter > 0, state.failures == reportAfter, let since = state.failingSince {
                state.failureReported = true
                try await say("\(name(of: feed, state: state)): the feed cannot be read since \(WallTimeText.utc(since)) "
                          + "(\(state.failures) tries): \(reason). Still trying.", context: context)
            }
        }
        try await context.storage.set(key, to: state)
        let wait = state.failures == 0 ? feed.interval
            : min(feed.interval, FeedBot.firstRetry * pow(2, Double(min(state.failures - 1, 20))))
        try await context.schedule(at: context.now.addingTimeInterval(wait), key: Self.jobKey(for: feed))
    }

    /// The feed's new items, oldest first; none when the server says it has not changed.
    private func fetch(_ feed: FeedSettings, state: inout FeedState, context: BotContext) async throws -> [FeedDocument.Item] {
        var headers: HTTPFields = [.accept: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"]
        if state.primed {
            if let etag = state.etag { headers[.ifNoneMatch] = etag }
            if let lastModified = state.lastModified { headers[.ifModifiedSince] = lastModified }
        }
        let response = try await context.http.execute(CurlHTTPRequest(url: feed.url, headers: headers), policy: policy)
        if response.status.code == 304, state.primed { return [] }
        guard response.isSuccess else { throw FeedReadError(reason: "the server answered HTTP \(response.status.code)") }
        let document = try FeedDocument(data: Data(response.body))
        state.etag = response.headers[.eTag]
        state.lastModified = response.headers[.lastModified]
        return state.take(document, firstRead: feed.firstRead, admits: feed.admits)
    }

    /// Posts `items` (oldest first): the newest ``maxPerRead`` of them, after one line counting the rest.
    private func post(_ items: [FeedDocument.Item], of feed: FeedSettings, state: FeedState, context: BotContext) async throws {
        let name = name(of: feed, state: state)
        let shown = items.suffix(maxPerRead)
        if items.count > shown.count {
            let more = items.count - shown.count
            try await say("\(name): \(more) more new item\(more == 1 ? "" : "s") not shown (\(feed.shownURL))", alert: feed.alert, context: context)
        }
        for item in shown {
            // A relative link (Atom allows them) is read against the feed's own URL.
            let link = item.link.flatMap { URL(string: $0, relativeTo: URL(string: feed.url))?.absoluteString } ?? item.link ?? ""
            let text = Placeholders.fill(template, with: [
                "{feed}": name, "{title}": item.title, "{link}": link, "{author}": item.author ?? "",
            ]).trimmingCharacters(in: .whitespaces)
            try await say(text, alert: feed.alert, context: context)
        }
    }

    /// Posts `text`; a post that fails is logged and not tried again, so the items read stay seen and the read is
    /// not repeated (an item is posted at most once). Cancellation (the call's timeout) still ends the call.
    private func say(_ text: String, alert: Bool = false, context: BotContext) async throws {
        do {
            try await context.reply(text, alert: alert)
        } catch let error as CancellationError {
            throw error
        } catch {
            context.logger.error("feed post failed", metadata: ["error": "\(error)", "text": "\(text.prefix(200))"])
        }
    }

    /// One line a feed: its name and URL, its last read or its failure, and its next read.
    func status(of feeds: [FeedSettings], context: BotContext) async throws -> String {
        let jobs = try await context.scheduledJobs(prefix: Self.jobPrefix)
        var lines: [String] = []
        for feed in feeds {
            let state = try await context.storage.value(Self.stateKey(for: feed), as: FeedState.self)
            var line = "\(name(of: feed, state: state)) (\(feed.shownURL)): "
            if let state, state.failures > 0, let since = state.failingSince {
                line += "failing since \(WallTimeText.utc(since)): \(state.lastError ?? "unknown error")"
            } else if let read = state?.lastRead {
                line += "read \(WallTimeText.utc(read))"
            } else {
                line += "not read yet"
            }
            if let next = jobs.first(where: { $0.key == Self.jobKey(for: feed) }) {
                line += "; next read \(WallTimeText.utc(next.dueAt))"
            }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// The name the feed's items are posted under: the room file's, else the feed's own title, else its host.
    func name(of feed: FeedSettings, state: FeedState?) -> String {
        feed.name ?? state?.title ?? URL(string: feed.url)?.host ?? feed.url
    }

    /// A failure for the log and the room, never naming more than the cause.
    static func describe(_ error: any Error) -> String {
        if let error = error as? FeedReadError { return error.reason }
        return RoomErrorText.describe(error)
    }
}
