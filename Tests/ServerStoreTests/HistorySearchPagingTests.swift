import Testing
@testable import PersistentChatServer

/// Paging through matches with `limit`, `exceededLimit` and `startingMessageId`, in both directions.
@Suite struct HistorySearchPagingTests {
    /// Posts seven matching messages between non-matching ones; returns the matching ids, oldest first.
    private func postMatches(_ fixture: SearchFixture) async throws -> [Int64] {
        var ids: [Int64] = []
        for index in 1...7 {
            ids.append(try await fixture.post("match number \(index)"))
            try await fixture.post("filler \(index)")
        }
        return ids
    }

    /// Pages until `exceededLimit` is false, continuing after the last id in search order; returns each page.
    private func pages(_ fixture: SearchFixture, searchOrderReversed: Bool, sortOrderReversed: Bool = false)
        async throws -> [HistorySearchResult] {
        var results: [HistorySearchResult] = []
        var start: Int64?
        repeat {
            let search = try HistorySearch(terms: "match", startingMessageId: start, limit: 3,
                                           searchOrderReversed: searchOrderReversed, sortOrderReversed: sortOrderReversed)
            let result = try await fixture.store.searchHistory(roomId: fixture.roomId, search)
            results.append(result)
            let ids = result.messages.map(\.id)
            start = searchOrderReversed ? ids.min() : ids.max()
            guard results.count < 10 else { break }
        } while results.last?.exceededLimit == true
        return results
    }

    /// Oldest first: pages of 3, 3 and 1, each counting all 7 matches.
    @Test func pagingOldestFirst() async throws {
        try await SearchFixture.with { fixture in
            let ids = try await postMatches(fixture)
            let results = try await pages(fixture, searchOrderReversed: false)
            #expect(results.map { $0.messages.map(\.id) } == [Array(ids[0..<3]), Array(ids[3..<6]), [ids[6]]])
            #expect(results.map(\.exceededLimit) == [true, true, false])
            #expect(results.allSatisfy { $0.totalMatches == 7 })
        }
    }

    /// Newest first: pages start at the newest match; each page is still returned oldest first by default.
    @Test func pagingNewestFirst() async throws {
        try await SearchFixture.with { fixture in
            let ids = try await postMatches(fixture)
            let results = try await pages(fixture, searchOrderReversed: true)
            #expect(results.map { $0.messages.map(\.id) } == [Array(ids[4..<7]), Array(ids[1..<4]), [ids[0]]])
            #expect(results.map(\.exceededLimit) == [true, true, false])
            #expect(results.allSatisfy { $0.totalMatches == 7 })
        }
    }

    /// The sort order only orders the page; the search order chooses which messages are on it.
    @Test func sortOrderOrdersThePage() async throws {
        try await SearchFixture.with { fixture in
            let ids = try await postMatches(fixture)
            let oldestReversed = try await pages(fixture, searchOrderReversed: false, sortOrderReversed: true)
            #expect(oldestReversed.map { $0.messages.map(\.id) }
                == [Array(ids[0..<3].reversed()), Array(ids[3..<6].reversed()), [ids[6]]])
            let newestReversed = try await pages(fixture, searchOrderReversed: true, sortOrderReversed: true)
            #expect(newestReversed.map { $0.messages.map(\.id) }
                == [Array(ids[4..<7].reversed()), Array(ids[1..<4].reversed()), [ids[0]]])
        }
    }

    /// A page that ends exactly at the last match does not claim more.
    @Test func exactLastPage() async throws {
        try await SearchFixture.with { fixture in
            let ids = try await fixture.post(["match a", "match b", "match c"])
            let first = try await fixture.store.searchHistory(roomId: fixture.roomId, HistorySearch(terms: "match", limit: 3))
            #expect(first.messages.map(\.id) == ids)
            #expect(!first.exceededLimit)
            let after = try await fixture.store.searchHistory(
                roomId: fixture.roomId, HistorySearch(terms: "match", startingMessageId: ids[2], limit: 3))
            #expect(after.messages.isEmpty)
            #expect(!after.exceededLimit)
            #expect(after.totalMatches == 3)
        }
    }

    /// A limit below 1 is refused.
    @Test func limitMustBePositive() {
        #expect(throws: HistorySearchError.invalidLimit(0)) { try HistorySearch(limit: 0) }
    }
}
