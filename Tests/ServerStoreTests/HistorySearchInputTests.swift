import GRDB
import Testing
@testable import PersistentChatServer

/// Hostile and odd search text: it is always matched literally, and refused only with typed errors.
@Suite struct HistorySearchInputTests {
    /// Messages that FTS5 or SQL syntax in the search text would match if it were interpreted.
    private static let decoys = ["foo only", "a b", "plain words", "1 1", "messages"]

    /// FTS5 and SQL syntax in the search text finds only the message containing that text, in every mode.
    @Test(arguments: [
        "\") OR 1=1 --", "text:foo", "NEAR(a b)", "-x", "'; DROP TABLE messages; --",
        "story_title:foo", "{text story_title}: words", "^start", "foo AND NOT bar", "\"unbalanced",
    ])
    func syntaxIsMatchedLiterally(attack: String) async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(Self.decoys)
            let literal = try await fixture.post("said: \(attack) end")
            for exact in [false, true] {
                for caseSensitive in [false, true] {
                    let search = try HistorySearch(terms: attack, exactPhrase: exact, caseSensitive: caseSensitive)
                    let result = try await fixture.store.searchHistory(roomId: fixture.roomId, search)
                    #expect(result.messages.map(\.id) == [literal], "exact: \(exact), case-sensitive: \(caseSensitive)")
                    #expect(result.totalMatches == 1)
                }
            }
            let stored = try await fixture.store.pool.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM messages") }
            #expect(stored == Self.decoys.count + 1)
        }
    }

    /// Text without a single letter or digit is refused with an error naming it.
    @Test(arguments: ["!!! ???", "*", "\"\"", "-- ;", "()", "🎉 🚀", "\u{301}"])
    func noSearchableTerms(terms: String) {
        #expect(throws: HistorySearchError.noSearchableTerms(terms)) { try HistorySearch(terms: terms) }
        #expect(throws: HistorySearchError.noSearchableTerms(terms)) { try HistorySearch(terms: terms, exactPhrase: true) }
        #expect(HistorySearchError.noSearchableTerms(terms).description.contains("'\(terms)'"))
    }

    /// Terms that are only punctuation are dropped when other terms remain.
    @Test func punctuationTermsAreDropped() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["hello world", "goodbye"])
            #expect(try await fixture.texts(HistorySearch(terms: "!!! hello ???", caseSensitive: true)) == ["hello world"])
        }
    }

    /// Search text over 256 characters is refused; 256 is accepted.
    @Test func lengthLimit() async throws {
        #expect(throws: HistorySearchError.tooLong) { try HistorySearch(terms: String(repeating: "a", count: 257)) }
        #expect(HistorySearchError.tooLong.description.contains("256"))
        try await SearchFixture.with { fixture in
            let long = String(repeating: "é", count: 256)
            try await fixture.post(long)
            #expect(try await fixture.texts(HistorySearch(terms: long)) == [long])
        }
    }

    /// Control characters (a NUL would end an FTS5 string) separate terms instead of breaking the query.
    @Test func controlCharactersSeparateTerms() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["hel lo", "hello", "lo hel", "help lobby"])
            #expect(try await fixture.texts(HistorySearch(terms: "hel\u{0}lo")) == ["hel lo", "lo hel", "help lobby"])
            #expect(try await fixture.texts(HistorySearch(terms: "hel\u{0}lo", exactPhrase: true)) == ["hel lo"])
        }
    }
}
