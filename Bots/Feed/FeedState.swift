import Foundation

/// What the `feed` bot keeps of one feed between reads, in storage: the validators of a conditional GET, the items
/// already seen, and how reading has gone.
struct FeedState: Codable, Sendable {
    /// When the bot first tried to read the feed: the first successful read posts nothing older.
    var since: Date
    /// Whether a read has succeeded yet.
    var primed = false
    var etag: String?
    var lastModified: String?
    /// Digests of the ids of items seen, most recent first (at most ``seenLimit``).
    var seen: [String] = []
    var title: String?
    var lastRead: Date?
    /// Failed reads in a row, the first one's time, and the last reason.
    var failures = 0
    var failingSince: Date?
    var lastError: String?
    /// Whether the room was told that the feed is failing (it is told again when the feed is back).
    var failureReported = false

    /// The most item digests kept; a feed's current items are always among them.
    static let seenLimit = 1_000

    init(since: Date) {
        self.since = since
    }

    /// The items of `document` not seen before that `admits` lets through, oldest first; all of the document's items
    /// count as seen from then on. The first read takes only items dated after ``since``, and the newest `firstRead`
    /// of those `admits` lets through.
    mutating func take(_ document: FeedDocument, firstRead: Int,
                       admits: (FeedDocument.Item) -> Bool) -> [FeedDocument.Item] {
        // An item listed twice in one document counts once.
        var unique: Set<String> = []
        let listed = document.items.map { ($0, FeedSettings.digest($0.id)) }.filter { unique.insert($0.1).inserted }
        let document = FeedDocument(title: document.title, items: listed.map(\.0))
        let digests = listed.map(\.1)
        let fresh: [FeedDocument.Item]
        if primed {
            let known = Set(seen)
            fresh = zip(document.items, digests).filter { !known.contains($0.1) && admits($0.0) }.map(\.0)
        } else {
            let admitted = document.items.filter(admits)
            let newest = Set(Self.newestFirst(admitted).prefix(firstRead).map(\.id))
            fresh = admitted.filter { item in newest.contains(item.id) || (item.date.map { $0 > since } ?? false) }
        }
        var kept = digests
        let current = Set(digests)
        kept += seen.filter { !current.contains($0) }
        seen = Array(kept.prefix(max(Self.seenLimit, digests.count)))
        primed = true
        title = document.title.isEmpty ? title : document.title
        return Self.newestFirst(fresh).reversed()
    }

    /// `items` newest first: by date when every one has a date, otherwise in the feed's own order (feeds list the
    /// newest first).
    static func newestFirst(_ items: [FeedDocument.Item]) -> [FeedDocument.Item] {
        let dated = items.compactMap { item in item.date.map { (item, $0) } }
        guard dated.count == items.count else { return items }
        return dated.enumerated().sorted { ($0.element.1, -$0.offset) > ($1.element.1, -$1.offset) }.map(\.element.0)
    }
}
