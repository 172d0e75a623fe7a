@testable import Bots
import Foundation
import Testing

/// Feeds as the services publish them, read by FoundationXML's parser: RSS 2.0, RSS 1.0 and Atom, and what is not a
/// feed refused with its reason.
struct FeedDocumentTests {
    static func read(_ xml: String) throws -> FeedDocument { try FeedDocument(data: Data(xml.utf8)) }

    @Test func rss2ItemsCarryTitleLinkGuidAuthorAndDate() throws {
        let document = try Self.read("""
            <?xml version="1.0" encoding="UTF-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
              <channel>
                <title>Contoso &amp; Co Blog</title>
                <link>https://blog.example.com/</link>
                <atom:link href="https://blog.example.com/feed.xml" rel="self" type="application/rss+xml"/>
                <image><title>Not the feed's title</title><url>https://blog.example.com/logo.png</url></image>
                <item>
                  <title><![CDATA[Release 2.0:   faster  rooms]]></title>
                  <link>https://blog.example.com/2026/release-2</link>
                  <guid isPermaLink="false">post-1234</guid>
                  <pubDate>Mon, 05 Jan 2026 09:30:00 +0100</pubDate>
                  <dc:creator>Dana Lee</dc:creator>
                  <description><![CDATA[<p>Long <b>text</b></p>]]></description>
                </item>
                <item>
                  <title>No guid here</title>
                  <link>https://blog.example.com/2026/no-guid</link>
                  <pubDate>Sun, 4 Jan 2026 18:00 GMT</pubDate>
                  <author>ops@example.com (Ops)</author>
                </item>
              </channel>
            </rss>
            """)
        #expect(document.title == "Contoso & Co Blog")
        #expect(document.items.count == 2)
        let first = try #require(document.items.first)
        #expect(first.title == "Release 2.0: faster rooms")
        #expect(first.link == "https://blog.example.com/2026/release-2")
        #expect(first.id == "post-1234")
        #expect(first.author == "Dana Lee")
        #expect(first.date == Date(timeIntervalSince1970: 1_767_601_800))
        #expect(document.items[1].id == "https://blog.example.com/2026/no-guid|No guid here")
        #expect(document.items[1].date == Date(timeIntervalSince1970: 1_767_549_600))
        #expect(document.items[1].author == "ops@example.com (Ops)")
    }

    @Test func atomEntriesPreferTheAlternateLinkAndReadHTMLTitles() throws {
        let document = try Self.read("""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom">
              <title type="text">Status history</title>
              <id>tag:status.example.com,2026:feed</id>
              <updated>2026-01-05T10:00:00Z</updated>
              <entry>
                <title type="html">&lt;b&gt;Degraded&lt;/b&gt; API latency</title>
                <link rel="edit" href="https://status.example.com/api/incidents/7"/>
                <link rel="alternate" type="text/html" href="https://status.example.com/incidents/7"/>
                <id>tag:status.example.com,2026:incident-7</id>
                <updated>2026-01-05T09:45:00.250Z</updated>
                <published>2026-01-05T09:40:00Z</published>
                <author><name>Status Bot</name><email>status@example.com</email></author>
              </entry>
              <entry>
                <title>Only updated</title>
                <link href="https://status.example.com/incidents/6"/>
                <id>tag:status.example.com,2026:incident-6</id>
                <updated>2026-01-04T08:00:00.5+02:00</updated>
              </entry>
            </feed>
            """)
        #expect(document.title == "Status history")
        let entry = try #require(document.items.first)
        #expect(entry.title == "Degraded API latency")
        #expect(entry.link == "https://status.example.com/incidents/7")
        #expect(entry.id == "tag:status.example.com,2026:incident-7")
        #expect(entry.author == "Status Bot")
        #expect(entry.date == Date(timeIntervalSince1970: 1_767_606_000))
        #expect(document.items[1].link == "https://status.example.com/incidents/6")
        #expect(document.items[1].date == Date(timeIntervalSince1970: 1_767_506_400.5))
    }

    @Test func rss1ItemsAreRead() throws {
        let document = try Self.read("""
            <?xml version="1.0"?>
            <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
                     xmlns:dc="http://purl.org/dc/elements/1.1/">
              <channel rdf:about="https://news.example.org/rss"><title>Example News</title></channel>
              <item rdf:about="https://news.example.org/1">
                <title>First story</title><link>https://news.example.org/1</link><dc:date>2026-01-05</dc:date>
              </item>
            </rdf:RDF>
            """)
        #expect(document.title == "Example News")
        #expect(document.items == [FeedDocument.Item(id: "https://news.example.org/1", title: "First story",
                                                     link: "https://news.example.org/1", author: nil,
                                                     date: Date(timeIntervalSince1970: 1_767_571_200))])
    }

    @Test(arguments: [
        ("<html><body>Maintenance</body></html>", "not an RSS or Atom feed: the document is <html>"),
        ("<rss version=\"2.0\"><channel><title>cut off", "not well-formed XML"),
        ("{\"items\": []}", "not well-formed XML"),
        ("", "the document is empty"),
    ])
    func whatIsNotAFeedIsRefusedWithTheReason(body: String, reason: String) {
        let error = #expect(throws: FeedReadError.self) { try Self.read(body) }
        #expect(error?.reason.hasPrefix(reason) == true, "\(String(describing: error))")
    }

    @Test func externalEntitiesAreNeverRead() throws {
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("feed-entity-\(UUID().uuidString)")
        try "top-secret-value".write(to: secret, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: secret) }
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY leak SYSTEM "file://\(secret.path)">]>
            <rss version="2.0"><channel><title>T</title><item><title>x &leak; y</title><guid>1</guid></item></channel></rss>
            """
        let document = try Self.read(xml)
        #expect(document.items.count == 1)
        #expect(document.items.first?.title.contains("top-secret-value") == false)
    }
}

/// Feeds as they are found in the wild: dates in either standard's variants, items without ids, permalinks as links,
/// entities in HTML titles.
struct FeedDocumentVariantTests {
    @Test(arguments: [
        ("Mon, 05 Jan 2026 09:00:00 GMT", 1_767_603_600.0),
        ("5 Jan 2026 09:00 GMT", 1_767_603_600),
        ("Mon, 5 Jan 26 04:00:00 EST", 1_767_603_600),
        ("Mon, 05 Jan 2026 10:00:00 +0100", 1_767_603_600),
        ("2026-01-05T09:00:00Z", 1_767_603_600),
        ("2026-01-05T10:00:00+01:00", 1_767_603_600),
        ("2026-01-05 09:00:00", 1_767_603_600),
        ("2026-01-05T09:00:00.000Z", 1_767_603_600),
        ("2026-01-05", 1_767_571_200),
    ])
    func datesInTheirCommonForms(text: String, seconds: Double) {
        #expect(FeedDate.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test func itemsWithoutIdsAreToldApartAndPermalinkGuidsAreLinks() throws {
        let document = try FeedDocumentTests.read("""
            <rss version="2.0"><channel><title>Changelog</title>
              <item><title>Fixed login</title><link>https://example.com/changelog</link></item>
              <item><title>Faster search</title><link>https://example.com/changelog</link></item>
              <item><title>Permalink</title><guid>https://example.com/p/9</guid></item>
              <item><title>Not a link</title><guid isPermaLink="false">https://example.com/id/10</guid></item>
            </channel></rss>
            """)
        #expect(document.items.map(\.id) == ["https://example.com/changelog|Fixed login", "https://example.com/changelog|Faster search",
                                             "https://example.com/p/9", "https://example.com/id/10"])
        #expect(document.items.map(\.link) == ["https://example.com/changelog", "https://example.com/changelog", "https://example.com/p/9", nil])
    }

    @Test func htmlTitlesLoseTheirTagsAndEntities() throws {
        let document = try FeedDocumentTests.read("""
            <feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
              <entry><id>1</id><title type="html">&lt;em&gt;Tom&amp;#39;s&lt;/em&gt; &amp;amp; Jerry&amp;#x2019;s &amp;unknown; fix</title></entry>
            </feed>
            """)
        #expect(document.items.first?.title == "Tom's & Jerry\u{2019}s &unknown; fix")
    }
}

/// Which items of a read are new: the first read posts nothing older than the bot's start (or the newest few), later
/// reads post what was not seen, and the seen list stays bounded.
struct FeedStateTests {
    static func item(_ id: String, _ hour: Double?) -> FeedDocument.Item {
        FeedDocument.Item(id: id, title: "title \(id)", link: nil, author: nil,
                          date: hour.map { Date(timeIntervalSince1970: 1_767_571_200 + $0 * 3_600) })
    }

    static let start = Date(timeIntervalSince1970: 1_767_571_200)

    @Test func theFirstReadTakesOnlyItemsAfterTheStartOrTheNewestFew() {
        let document = FeedDocument(title: "F", items: [Self.item("c", 1), Self.item("b", -1), Self.item("a", -2)])
        var state = FeedState(since: Self.start)
        #expect(state.take(document, firstRead: 0, admits: { _ in true }).map(\.id) == ["c"])
        var other = FeedState(since: Self.start)
        #expect(other.take(document, firstRead: 2, admits: { _ in true }).map(\.id) == ["b", "c"])
        // The newest few are counted among the items the filter admits.
        var filtered = FeedState(since: Self.start.addingTimeInterval(7_200))
        #expect(filtered.take(document, firstRead: 1, admits: { $0.id != "c" }).map(\.id) == ["b"])
    }

    @Test func laterReadsTakeWhatWasNotSeenOldestFirst() {
        var state = FeedState(since: Self.start)
        _ = state.take(FeedDocument(title: "F", items: [Self.item("a", -2)]), firstRead: 0, admits: { _ in true })
        let next = FeedDocument(title: "F", items: [Self.item("c", -3), Self.item("b", -2.5), Self.item("a", -2)])
        // Oldest first by date when every item has one.
        #expect(state.take(next, firstRead: 0, admits: { _ in true }).map(\.id) == ["c", "b"])
        #expect(state.take(next, firstRead: 0, admits: { _ in true }).isEmpty)
        // Otherwise in the feed's own order reversed, as feeds list the newest first.
        let undated = FeedDocument(title: "F", items: [Self.item("e", nil), Self.item("d", 5)])
        #expect(state.take(undated, firstRead: 0, admits: { _ in true }).map(\.id) == ["d", "e"])
    }

    @Test func anItemListedTwiceInOneDocumentIsTakenOnce() {
        var state = FeedState(since: Self.start)
        let twice = FeedDocument(title: "F", items: [Self.item("a", 1), Self.item("a", 1), Self.item("b", 2)])
        #expect(state.take(twice, firstRead: 0, admits: { _ in true }).map(\.id) == ["a", "b"])
        #expect(state.seen.count == 2)
    }

    @Test func theSeenListIsBoundedAndKeepsTheCurrentItems() {
        var state = FeedState(since: Self.start)
        for batch in 0..<30 {
            let items = (0..<50).map { Self.item("item-\(batch)-\($0)", Double(batch)) }
            _ = state.take(FeedDocument(title: "F", items: items), firstRead: 0, admits: { _ in true })
        }
        #expect(state.seen.count == FeedState.seenLimit)
        #expect(state.seen.prefix(50) == ArraySlice((0..<50).map { FeedSettings.digest("item-29-\($0)") }))
    }
}
