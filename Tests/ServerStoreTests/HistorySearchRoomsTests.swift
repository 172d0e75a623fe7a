import Testing
@testable import PersistentChatServer

/// Several rooms searched in one statement give each room exactly what a search of that room alone gives.
@Suite struct HistorySearchRoomsTests {
    @Test func eachRoomGetsItsOwnCountAndPage() async throws {
        try await SearchFixture.with { fixture in
            let other = fixture.noHistoryRoomId
            for number in 0..<3 { try await fixture.post("alpha in the first room \(number)") }
            for number in 0..<5 { try await fixture.post("alpha in the second room \(number)", in: other, keep: true) }
            try await fixture.post("beta only here", in: other, keep: true)
            for search in [try HistorySearch(terms: "alpha", limit: 2),
                           try HistorySearch(terms: "alpha", limit: 2, searchOrderReversed: true),
                           try HistorySearch(terms: "alpha", startingMessageId: 2, limit: 2, sortOrderReversed: true),
                           try HistorySearch(terms: "beta", limit: 10)] {
                let together = try await fixture.store.searchHistory(roomIds: [fixture.roomId, other], search)
                for roomId in [fixture.roomId, other] {
                    let alone = try await fixture.store.searchHistory(roomId: roomId, search)
                    let joint = try #require(together[roomId])
                    #expect(joint.messages.map(\.id) == alone.messages.map(\.id))
                    #expect(joint.totalMatches == alone.totalMatches)
                    #expect(joint.exceededLimit == alone.exceededLimit)
                }
            }
            let counts = try await fixture.store.searchHistory(roomIds: [fixture.roomId, other], try HistorySearch(terms: "alpha", limit: 2))
            #expect(counts[fixture.roomId]?.totalMatches == 3 && counts[other]?.totalMatches == 5)
            #expect(counts[fixture.roomId]?.exceededLimit == true && counts[fixture.roomId]?.messages.count == 2)
        }
    }
}
