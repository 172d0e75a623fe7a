import GRDB
import Testing
@testable import PersistentChatServer

/// The non-text parts of a history search: authors, dates, rooms, and rooms that keep no history.
@Suite struct HistorySearchFilterTests {
    /// Only the listed authors' messages are kept; URIs are compared lowercased.
    @Test func authorsFilter() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post("status from alice", by: "sip:alice@contoso.com")
            try await fixture.post("status from bob", by: "sip:bob@contoso.com")
            try await fixture.post("status from carol", by: "sip:carol@contoso.com")
            #expect(try await fixture.texts(HistorySearch(authors: ["sip:Bob@Contoso.com"])) == ["status from bob"])
            #expect(try await fixture.texts(HistorySearch(authors: ["sip:alice@contoso.com", "sip:carol@contoso.com"]))
                == ["status from alice", "status from carol"])
            #expect(try await fixture.texts(HistorySearch(terms: "status", authors: ["sip:carol@contoso.com"]))
                == ["status from carol"])
            #expect(try await fixture.texts(HistorySearch(terms: "alice", authors: ["sip:bob@contoso.com"])).isEmpty)
            #expect(try await fixture.texts(HistorySearch(authors: ["sip:dave@contoso.com"])).isEmpty)
        }
    }

    /// `from` and `to` are inclusive and either bounds one side alone.
    @Test func dateRange() async throws {
        try await SearchFixture.with { fixture in
            for ts: Int64 in [1_000, 2_000, 3_000, 4_000] {
                try await fixture.post("report \(ts)", at: ts)
            }
            #expect(try await fixture.texts(HistorySearch(terms: "report", from: 2_000, to: 3_000)) == ["report 2000", "report 3000"])
            #expect(try await fixture.texts(HistorySearch(from: 3_000)) == ["report 3000", "report 4000"])
            #expect(try await fixture.texts(HistorySearch(to: 1_000)) == ["report 1000"])
            #expect(try await fixture.texts(HistorySearch(from: 2_001, to: 2_999)).isEmpty)
            let result = try await fixture.store.searchHistory(roomId: fixture.roomId, HistorySearch(from: 1_500, to: 3_500))
            #expect(result.totalMatches == 2)
        }
    }

    /// With a starting message id the date range is ignored, for the page and for the count.
    @Test func startingMessageIdIgnoresDates() async throws {
        try await SearchFixture.with { fixture in
            var ids: [Int64] = []
            for ts: Int64 in [1_000, 2_000, 3_000, 4_000] {
                ids.append(try await fixture.post("report \(ts)", at: ts))
            }
            let search = try HistorySearch(from: 3_000, to: 3_000, startingMessageId: ids[0])
            let result = try await fixture.store.searchHistory(roomId: fixture.roomId, search)
            #expect(result.messages.map(\.id) == Array(ids[1...]))
            #expect(result.totalMatches == 4)
        }
    }

    /// Messages of rooms that keep no history are never found, and never stay in the index.
    @Test func roomsWithoutHistoryAreNeverFound() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post("fleeting secret", in: fixture.noHistoryRoomId, keep: false)
            try await fixture.post("kept note")
            for roomId in [fixture.roomId, fixture.noHistoryRoomId] {
                let result = try await fixture.store.searchHistory(roomId: roomId, HistorySearch(terms: "secret"))
                #expect(result.messages.isEmpty)
                #expect(result.totalMatches == 0)
            }
            let emptyRoom = try await fixture.store.searchHistory(roomId: fixture.noHistoryRoomId, HistorySearch())
            #expect(emptyRoom.totalMatches == 0)
            let indexed = try await fixture.store.pool.read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'secret OR fleeting'")
            }
            #expect(indexed == 0)
        }
    }

    /// A search of one room never returns another room's messages.
    @Test func otherRoomsAreNotSearched() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post("shared word", in: fixture.noHistoryRoomId, keep: true)
            try await fixture.post("shared word here")
            #expect(try await fixture.texts(HistorySearch(terms: "shared")) == ["shared word here"])
        }
    }
}
