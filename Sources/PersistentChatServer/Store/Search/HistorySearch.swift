/// A validated history search of one room: what to match, and which page of matches to return.
///
/// Messages are ordered by id, which increases with time (ids are unique and increasing across the server), so
/// "oldest first" is ascending id.
struct HistorySearch: Sendable {
    /// The longest search text accepted, in characters.
    static let maximumTermsLength = 256

    /// The search text as given; empty (or only whitespace) means no text filter.
    let terms: String
    /// Match `terms` as one phrase instead of as separate word prefixes that must all occur.
    let exactPhrase: Bool
    /// Keep only messages where each term (or the phrase) occurs with exactly the given case (and accents).
    let caseSensitive: Bool
    /// Lowercased `sip:` URIs of the authors to keep; empty means any author.
    let authors: [String]
    /// Earliest timestamp kept (ms since 1970, inclusive); ignored when `startingMessageId` is set.
    let from: Int64?
    /// Latest timestamp kept (ms since 1970, inclusive); ignored when `startingMessageId` is set.
    let to: Int64?
    /// Continue strictly after this id in the search direction; when set, `from` and `to` are ignored.
    let startingMessageId: Int64?
    /// The most messages returned in one page (at least 1).
    let limit: Int
    /// Search newest first instead of oldest first.
    let searchOrderReversed: Bool
    /// Return the page newest first instead of oldest first.
    let sortOrderReversed: Bool
    /// `terms` parsed into an FTS5 expression; nil when there is no text filter.
    let text: HistorySearchText?

    /// Validates and parses a search.
    /// - Throws: `.tooLong` when `terms` exceeds `maximumTermsLength` characters, `.noSearchableTerms` when
    ///   `terms` has text but no letter or digit, `.invalidLimit` when `limit` is below 1.
    init(terms: String = "", exactPhrase: Bool = false, caseSensitive: Bool = false, authors: [String] = [],
         from: Int64? = nil, to: Int64? = nil, startingMessageId: Int64? = nil, limit: Int = 100,
         searchOrderReversed: Bool = false, sortOrderReversed: Bool = false) throws(HistorySearchError) {
        guard terms.count <= Self.maximumTermsLength else { throw .tooLong }
        guard limit >= 1 else { throw .invalidLimit(limit) }
        self.text = try HistorySearchText.parse(terms, exactPhrase: exactPhrase)
        self.terms = terms
        self.exactPhrase = exactPhrase
        self.caseSensitive = caseSensitive
        self.authors = authors.map { $0.lowercased() }
        self.from = from
        self.to = to
        self.startingMessageId = startingMessageId
        self.limit = limit
        self.searchOrderReversed = searchOrderReversed
        self.sortOrderReversed = sortOrderReversed
    }
}
