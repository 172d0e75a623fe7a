import BotKit
import BotKitTesting
import Bots
import Foundation
import HTTPTypes
import Synchronization
import Testing
import YAMLConfig

/// The `feed` bot against real HTTP servers serving RSS and Atom as blogs and status pages do: new items posted once
/// (across restarts too), conditional GETs, a title filter, a cap per read, and failures logged, retried and told.
@Suite(.serialized) struct FeedBotTests {
    /// Monday 5 January 2026, 00:00 UTC (the harness's start), plus `minutes`.
    static func at(_ minutes: Double) -> Date { Date(timeIntervalSince1970: 1_767_571_200 + minutes * 60) }

    /// An RDF-free RSS 2.0 document titled "Contoso Blog" with `items` (guid, title, minutes after the start).
    static func rss(_ items: [(String, String, Double)]) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        let entries = items.map { guid, title, minutes in
            """
                <item>
                  <title>\(title)</title>
                  <link>https://blog.example.com/\(guid)</link>
                  <guid isPermaLink="false">\(guid)</guid>
                  <pubDate>\(formatter.string(from: at(minutes)))</pubDate>
                  <dc:creator>Dana</dc:creator>
                  <description><![CDATA[<p>More about \(title)</p>]]></description>
                </item>
            """
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel>
                <title>Contoso Blog</title>
                <link>https://blog.example.com/</link>
                <description>News</description>
            \(entries.joined(separator: "\n"))
              </channel>
            </rss>
            """
    }

    /// What the stub serves: a document and its ETag, or a failure.
    struct Served: Sendable {
        var status: HTTPResponse.Status = .ok
        var etag: String?
        var body = ""
    }

    /// What the stub serves now; the test changes it between reads.
    final class ServedNow: Sendable {
        private let state: Mutex<Served>
        init(_ served: Served) { state = Mutex(served) }
        var current: Served { state.withLock { $0 } }
        func serve(_ served: Served) { state.withLock { $0 = served } }
    }

    /// A stub serving `served`'s current value at any path, answering 304 to a matching `If-None-Match`.
    static func withFeedServer(_ served: ServedNow, _ body: (HTTPStub) async throws -> Void) async throws {
        try await withHTTPStub(answering: { request in
            let now = served.current
            if let etag = now.etag, request.headers[.ifNoneMatch] == etag { return HTTPStub.Reply(status: .notModified) }
            var headers: HTTPFields = [.contentType: "application/rss+xml; charset=utf-8"]
            if let etag = now.etag { headers[.eTag] = etag }
            return HTTPStub.Reply(status: now.status, headers: headers, body: now.body)
        }, body)
    }

    /// Waits (in real time) until the stub has had `count` requests.
    static func waitForRequests(_ stub: HTTPStub, _ count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(Self.patience)
        while stub.requests.count < count, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        #expect(stub.requests.count == count)
    }

    /// How long, in real seconds, a read or a reply may take on a loaded machine.
    static let patience = 20.0

    /// Moves the bot's clock to `minutes` once its next read sleeps until then.
    static func advance(_ harness: BotTestHarness, to minutes: Double) async throws {
        try await harness.clock.waitForSleeper(wakingAt: at(minutes), within: patience)
        harness.clock.advance(toWallTime: at(minutes))
    }

    @Test func newItemsArePostedOnceWithConditionalGetsAndAcrossARestart() async throws {
        let served = ServedNow(Served(etag: "\"v1\"", body: Self.rss([("p2", "Hiring", -60), ("p1", "Hello", -120)])))
        try await Self.withFeedServer(served) { stub in
            let options = "feeds:\n  - url: \(stub.url("/feed.xml?token=private"))\n    every: 10m\nallow_hosts: [127.0.0.1]"
            try await withBotHarness(FeedBot.self, options: options) { harness in
                // The first read posts nothing older than the bot's start.
                try await Self.waitForRequests(stub, 1)
                try await harness.expectNoReply(within: 0.5)
                try await harness.send("!feeds")
                try await harness.expectReply("Contoso Blog (\(stub.url("/feed.xml"))): read 2026-01-05 00:00 UTC; next read 2026-01-05 00:10 UTC", within: Self.patience)
                served.serve(Served(etag: "\"v2\"", body: Self.rss([("p3", "Release 2.0 &amp; more", 5), ("p2", "Hiring", -60), ("p1", "Hello", -120)])))
                try await Self.advance(harness, to: 10)
                try await harness.expectReply("Contoso Blog: Release 2.0 & more https://blog.example.com/p3", within: Self.patience)
                #expect(stub.requests[1].headers[.ifNoneMatch] == "\"v1\"")
                #expect(stub.requests[1].query == "token=private")
                // Unchanged: the server answers 304 to the stored ETag, and nothing is posted.
                try await Self.advance(harness, to: 20)
                try await Self.waitForRequests(stub, 3)
                #expect(stub.requests[2].headers[.ifNoneMatch] == "\"v2\"")
                try await harness.expectNoReply(within: 0.5)
                // What was posted is remembered through a restart; the read keeps its time.
                try await harness.restartHost()
                served.serve(Served(etag: "\"v3\"", body: Self.rss([("p4", "Outage report", 25), ("p3", "Release 2.0", 5), ("p2", "Hiring", -60)])))
                try await Self.advance(harness, to: 30)
                try await harness.expectReply("Contoso Blog: Outage report https://blog.example.com/p4", within: Self.patience)
                try await harness.expectNoReply(within: 0.5)
                #expect(stub.requests.count == 4)
            }
        }
    }

    @Test func anAtomFeedIsFilteredPostedAsAlertsAndTheFirstReadPostsTheNewestFew() async throws {
        let atom = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title>Product releases</title><id>urn:releases</id><updated>2026-01-04T12:00:00Z</updated>
              <entry><title type="html">&lt;b&gt;Release&lt;/b&gt; 1.2</title><id>urn:r12</id><updated>2026-01-04T12:00:00Z</updated>
                <link rel="edit" href="https://releases.example.com/api/12"/><link rel="alternate" href="https://releases.example.com/1.2"/>
                <author><name>Release Team</name></author></entry>
              <entry><title>Hiring: release manager</title><id>urn:job</id><updated>2026-01-03T12:00:00Z</updated>
                <link href="https://releases.example.com/jobs"/></entry>
              <entry><title>Release 1.1 (security)</title><id>urn:r11</id><updated>2026-01-02T12:00:00Z</updated>
                <link href="https://releases.example.com/1.1"/><author><name>Security Team</name></author></entry>
              <entry><title>Release 1.0</title><id>urn:r10</id><updated>2026-01-01T12:00:00Z</updated>
                <link href="https://releases.example.com/1.0"/></entry>
            </feed>
            """
        try await withHTTPStub(answering: { _ in HTTPStub.Reply(headers: [.contentType: "application/atom+xml"], body: atom) }) { stub in
            let options = """
                feeds:
                  - url: \(stub.url("/releases.atom"))
                    name: Releases
                    title_filter: '^Release'
                    first_read: 2
                    alert: true
                message: "{feed} — {title} by {author}: {link}"
                allow_hosts: [127.0.0.1]
                """
            try await withBotHarness(FeedBot.self, options: options) { harness in
                let first = try await harness.nextReply(within: Self.patience)
                #expect(first.messageContent == "Releases — Release 1.1 (security) by Security Team: https://releases.example.com/1.1")
                #expect(first.isAlert)
                let second = try await harness.nextReply(within: Self.patience)
                #expect(second.messageContent == "Releases — Release 1.2 by Release Team: https://releases.example.com/1.2")
                #expect(second.isAlert)
                try await harness.expectNoReply(within: 0.5)
            }
        }
    }

    @Test func aBigBatchIsCappedAndCounted() async throws {
        let served = ServedNow(Served(body: Self.rss([("old", "Old", -10)])))
        try await Self.withFeedServer(served) { stub in
            let options = "feeds:\n  - {url: '\(stub.url("/feed.xml"))', every: 1h}\nmax_per_read: 2\nallow_hosts: [127.0.0.1]"
            try await withBotHarness(FeedBot.self, options: options) { harness in
                try await Self.waitForRequests(stub, 1)
                served.serve(Served(body: Self.rss((1...6).reversed().map { ("n\($0)", "News \($0)", Double($0)) })))
                try await Self.advance(harness, to: 60)
                try await harness.expectReply("Contoso Blog: 4 more new items not shown (\(stub.url("/feed.xml")))", within: Self.patience)
                try await harness.expectReply("Contoso Blog: News 5 https://blog.example.com/n5", within: Self.patience)
                try await harness.expectReply("Contoso Blog: News 6 https://blog.example.com/n6", within: Self.patience)
            }
        }
    }

    @Test func aFailingFeedIsRetriedToldOnceAndWelcomedBack() async throws {
        let served = ServedNow(Served(status: .serviceUnavailable, body: "down for maintenance"))
        try await Self.withFeedServer(served) { stub in
            let options = "feeds:\n  - {url: '\(stub.url("/status.rss"))', name: Status, every: 10m}\nreport_failures_after: 2\nallow_hosts: [127.0.0.1]"
            try await withBotHarness(FeedBot.self, options: options) { harness in
                try await Self.waitForRequests(stub, 1)
                // Retried after 1 minute, then 2, 4, 8, never longer than the feed's interval.
                try await Self.advance(harness, to: 1)
                try await harness.expectReply("Status: the feed cannot be read since 2026-01-05 00:00 UTC (2 tries): the server answered HTTP 503. Still trying.", within: Self.patience)
                served.serve(Served(body: "<rss version=\"2.0\"><channel><title>Status"))
                try await Self.advance(harness, to: 3)
                try await Self.waitForRequests(stub, 3)
                try await harness.send("!feeds")
                try await harness.expectReply("Status (\(stub.url("/status.rss"))): failing since 2026-01-05 00:00 UTC: not well-formed XML: the document ends inside <title>; next read 2026-01-05 00:07 UTC", within: Self.patience)
                served.serve(Served(body: "<!DOCTYPE html><html><body>Sign in</body></html>"))
                try await Self.advance(harness, to: 7)
                try await Self.waitForRequests(stub, 4)
                try await harness.expectNoReply(within: 0.5)
                // Back: the room is told, and what came out while it failed, after the bot's start, is posted.
                served.serve(Served(body: Self.rss([("i1", "Database failover", 4), ("i0", "Before the start", -30)])))
                try await Self.advance(harness, to: 15)
                try await harness.expectReply("Status: the feed can be read again.", within: Self.patience)
                try await harness.expectReply("Status: Database failover https://blog.example.com/i1", within: Self.patience)
                try await Self.advance(harness, to: 25)
                try await Self.waitForRequests(stub, 6)
            }
        }
    }

    @Test(arguments: [
        ("feeds: []", "feeds: give at least one feed"),
        ("feeds: [{url: 'ftp://example.com/feed'}]", "feeds[0].url: must be an http:// or https:// URL, got 'ftp://example.com/feed'"),
        ("feeds: [{url: 'https://a.example/f', every: 30s}]", "feeds[0].every: must be at least 1m, got 30 s"),
        ("feeds: [{url: 'https://a.example/f', title_filter: '(unclosed'}]", "feeds[0].title_filter: not a regular expression"),
        ("feeds: [{url: 'https://a.example/f'}, {url: 'https://a.example/f'}]", "feeds[1].url: 'https://a.example/f' is listed twice"),
        ("feeds: [{url: 'https://a.example/f', first_read: 50}]", "feeds[0].first_read: must be between 0 and 20, got 50"),
        ("feeds: [{url: 'https://a.example/f'}]\nmax_per_read: 0", "max_per_read: must be between 1 and 50, got 0"),
        ("feeds: [{url: 'https://a.example/f'}]\ntimeout_seconds: 30", "timeout_seconds: must be at least 1 and less than the bot's timeout (30 s"),
        ("feeds: [{url: 'ftp://user:pw@a.example/f?token=t0k3n'}]", "feeds[0].url: must be an http:// or https:// URL, got 'ftp://a.example/f'"),
    ])
    func badOptionsAreRefusedWithTheirKey(options: String, reason: String) async throws {
        let error = await #expect(throws: (any Error).self) { try await withBotHarness(FeedBot.self, options: options) { _ in } }
        #expect("\(error.map { "\($0)" } ?? "")".contains(reason), "\(String(describing: error))")
        #expect(!"\(error.map { "\($0)" } ?? "")".contains("t0k3n"))
    }

    @Test func aNestedOptionErrorNamesItsLine() async throws {
        let options = "feeds:\n  - url: https://a.example/f\n  - url: https://b.example/f\n    every: 10s"
        let error = await #expect(throws: ConfigError.self) { try await withBotHarness(FeedBot.self, options: options) { _ in } }
        #expect(error?.key == "bots[0].feeds[1].every", "\(String(describing: error))")
        // The harness's room file: room, endpoint, an empty line, bots, the entry's type, then the options.
        #expect(error?.line == 9, "\(String(describing: error))")
    }
}
