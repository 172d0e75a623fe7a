/// One page of history search results.
struct HistorySearchResult: Sendable {
    /// The page, ordered as `HistorySearch.sortOrderReversed` asks.
    let messages: [StoredMessage]
    /// Every message matching the filter, regardless of `startingMessageId` paging and `limit`.
    let totalMatches: Int
    /// True when more matches follow this page in the search direction: search again with `startingMessageId` set
    /// to the last id of this page in search order.
    let exceededLimit: Bool
}
