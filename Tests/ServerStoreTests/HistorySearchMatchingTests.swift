import Testing
@testable import PersistentChatServer

/// What the text part of a history search matches: words, prefixes, all terms, phrases, case and accents.
@Suite struct HistorySearchMatchingTests {
    /// A term matches whole words and words starting with it, never the middle of a word.
    @Test func wordsAndWordPrefixes() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["deploy finished", "the deployment failed", "undeployed stuff", "nothing"])
            #expect(try await fixture.texts(HistorySearch(terms: "deploy")) == ["deploy finished", "the deployment failed"])
            #expect(try await fixture.texts(HistorySearch(terms: "DEPLOYM")) == ["the deployment failed"])
            #expect(try await fixture.texts(HistorySearch(terms: "ployed")).isEmpty)
        }
    }

    /// Every term must occur, in any order and anywhere in the message.
    @Test func allTermsMustMatch() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["alpha beta", "alpha gamma", "beta gamma", "gamma delta alpha"])
            #expect(try await fixture.texts(HistorySearch(terms: "alpha gamma")) == ["alpha gamma", "gamma delta alpha"])
            #expect(try await fixture.texts(HistorySearch(terms: "  gamma \t alp ")) == ["alpha gamma", "gamma delta alpha"])
            #expect(try await fixture.texts(HistorySearch(terms: "alpha beta gamma")).isEmpty)
        }
    }

    /// An exact phrase needs its words next to each other in order, and its last word complete.
    @Test func exactPhraseVersusTerms() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["quick brown fox", "brown quick fox", "quick, brown!", "quick red brown"])
            #expect(try await fixture.texts(HistorySearch(terms: "quick brown")).count == 4)
            #expect(try await fixture.texts(HistorySearch(terms: "quick brown", exactPhrase: true))
                == ["quick brown fox", "quick, brown!"])
            #expect(try await fixture.texts(HistorySearch(terms: "quick bro", exactPhrase: true)).isEmpty)
            #expect(try await fixture.texts(HistorySearch(terms: "quick bro")).count == 4)
        }
    }

    /// Case-sensitive search keeps only exact-case occurrences, for terms and phrases alike.
    @Test func caseSensitivity() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["Swift rocks", "swift code", "SWIFT", "Swiftly Rocks"])
            #expect(try await fixture.texts(HistorySearch(terms: "swift")).count == 4)
            #expect(try await fixture.texts(HistorySearch(terms: "Swift", caseSensitive: true)) == ["Swift rocks", "Swiftly Rocks"])
            #expect(try await fixture.texts(HistorySearch(terms: "Swift Rocks", caseSensitive: true)) == ["Swiftly Rocks"])
            #expect(try await fixture.texts(HistorySearch(terms: "Swift rocks", exactPhrase: true, caseSensitive: true))
                == ["Swift rocks"])
            #expect(try await fixture.texts(HistorySearch(terms: "\"SWIFT\"", caseSensitive: true)) == ["SWIFT"])
        }
    }

    /// Accents and case are folded for all of Unicode; case-sensitive search keeps accents as typed.
    @Test func unicodeText() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["Café au lait", "naïve approach", "Привет, мир", "東京 meeting"])
            #expect(try await fixture.texts(HistorySearch(terms: "cafe")) == ["Café au lait"])
            #expect(try await fixture.texts(HistorySearch(terms: "CAFÉ")) == ["Café au lait"])
            #expect(try await fixture.texts(HistorySearch(terms: "naive")) == ["naïve approach"])
            #expect(try await fixture.texts(HistorySearch(terms: "ПРИВЕТ")) == ["Привет, мир"])
            #expect(try await fixture.texts(HistorySearch(terms: "東京")) == ["東京 meeting"])
            #expect(try await fixture.texts(HistorySearch(terms: "Café", caseSensitive: true)) == ["Café au lait"])
            #expect(try await fixture.texts(HistorySearch(terms: "café", caseSensitive: true)).isEmpty)
            #expect(try await fixture.texts(HistorySearch(terms: "Cafe", caseSensitive: true)).isEmpty)
        }
    }

    /// Story titles are searched like the text, case-sensitively too, and come back with the message.
    @Test func storyTitles() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post("the body", storyTitle: "Release Notes")
            try await fixture.post("release of the notes")
            let result = try await fixture.store.searchHistory(roomId: fixture.roomId, HistorySearch(terms: "notes release"))
            #expect(result.messages.map(\.text) == ["the body", "release of the notes"])
            #expect(result.messages.first?.storyTitle == "Release Notes")
            #expect(try await fixture.texts(HistorySearch(terms: "Release Notes", exactPhrase: true)) == ["the body"])
            #expect(try await fixture.texts(HistorySearch(terms: "Release", caseSensitive: true)) == ["the body"])
            #expect(try await fixture.texts(HistorySearch(terms: "body release")) == ["the body"])
        }
    }

    /// Empty or whitespace-only search text is no text filter: every message of the room matches.
    @Test func emptyTermsMatchEverything() async throws {
        try await SearchFixture.with { fixture in
            try await fixture.post(["one", "two", "!!!"])
            #expect(try await fixture.texts(HistorySearch()) == ["one", "two", "!!!"])
            #expect(try await fixture.texts(HistorySearch(terms: " \n\t ", exactPhrase: true, caseSensitive: true))
                == ["one", "two", "!!!"])
        }
    }
}
