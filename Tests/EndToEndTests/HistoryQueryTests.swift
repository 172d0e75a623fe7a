import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// `queryChatHistory` over real sockets: several rooms without joining, membership, text matching, authors, dates,
/// paging, ordering, hostile-looking input, and the session-level query.
@Suite struct HistoryQueryTests {
    /// The texts of one room's result.
    private static func texts(_ result: ChatHistoryResult?) -> [String] { result?.messages.map(\.messageContent) ?? [] }

    @Test func recentHistoryPagesBackBeforeAMessageWithoutGapsOrRepeats() async throws {
        try await withTestServer { server in
            let (alice, team) = try await server.join("alice", "team")
            for number in 0..<25 { try await team.sendChatMessage("message \(number)") }
            let services = alice.persistentChatServices
            var pages: [[String]] = []
            var page = try await services.getRecentChatHistory(room: .name("team"), count: 10)
            while !page.isEmpty {
                pages.append(page.map(\.messageContent))
                guard let oldest = page.first?.messageId else { break }
                page = try await services.getRecentChatHistory(room: .name("team"), count: 10, before: oldest)
            }
            #expect(pages.map(\.count) == [10, 10, 5])
            #expect(pages.reversed().flatMap { $0 } == (0..<25).map { "message \($0)" })
            // An id below every message is an empty page, not an error.
            let none = try await services.getRecentChatHistory(room: .name("team"), count: 10, before: 1)
            #expect(none.isEmpty)
        }
    }

    @Test func severalRoomsAreSearchedWithoutJoining() async throws {
        try await withTestServer { server in
            let (alice, team) = try await server.join("alice", "team")
            let helpDesk = ChatRoomSession(endpoint: alice)
            try await helpDesk.join(name: "help-desk")
            try await team.sendChatMessage("deploy starts at noon")
            try await helpDesk.sendChatMessage("deploy done")
            try await helpDesk.sendChatMessage("lunch anyone?")
            let teamURI = try #require(team.chatRoomUri), helpURI = try #require(helpDesk.chatRoomUri)

            let bob = try await server.connect("bob")
            let services = bob.persistentChatServices
            let results = try await services.queryChatHistory([teamURI, helpURI], searchString: "deploy")
            #expect(bob.activeChatRoomSessions.isEmpty)
            #expect(results.map(\.chatRoomUri) == [teamURI, helpURI])
            #expect(results.map(\.chatRoomName) == ["team", "help-desk"])
            let resultTexts = results.map { Self.texts($0) }
            #expect(resultTexts == [["deploy starts at noon"], ["deploy done"]])
            #expect(results.map(\.searchResultsCount) == [1, 1])
            #expect(results.map(\.exceededServerLimit) == [false, false])
            let message = try #require(results.first?.messages.first)
            #expect(message.messageAuthor.value == E2EAPI.alice)
            #expect(message.chatRoomUri == teamURI && message.chatRoomName == "team")
            // The order asked is the order answered; no search string finds everything.
            let all = try await services.queryChatHistory([helpURI, teamURI], ChatHistoryQueryOptions())
            #expect(all.map(\.chatRoomName) == ["help-desk", "team"])
            let allTexts = all.map { Self.texts($0) }
            #expect(allTexts == [["deploy done", "lunch anyone?"], ["deploy starts at noon"]])
            #expect(all.map(\.searchResultsCount) == [2, 1])
            // Whitespace alone is no text filter either.
            #expect(Self.texts(try await services.queryChatHistory([helpURI], searchString: "   ").first) == ["deploy done", "lunch anyone?"])
        }
    }

    @Test func onlyThoseWhoMayReadARoomSearchIt() async throws {
        try await withTestServer { server in
            let (alice, team) = try await server.join("alice", "team")
            try await team.sendChatMessage("team secret plans")
            let management = alice.persistentChatServices.chatRoomManagementServices
            let teamURI = try #require(team.chatRoomUri)
            let helpURI = try await management.getChatRoom(named: "help-desk").chatRoomUri
            let secretURI = try await management.getChatRoom(named: "support-team").chatRoomUri

            let carol = try await server.connect("carol")
            let services = carol.persistentChatServices
            expectRefusal(await chatError { _ = try await services.queryChatHistory([teamURI], searchString: "plans") }, .errorPermission, .membersOnly)
            // One room refused refuses the whole query.
            expectRefusal(await chatError { _ = try await services.queryChatHistory([helpURI, teamURI], searchString: "plans") },
                          .errorPermission, .membersOnly)
            let bob = try await server.connect("bob")
            expectRefusal(await chatError { _ = try await bob.persistentChatServices.queryChatHistory([secretURI], searchString: "x") },
                          .noSuchNode, .noSuchRoom)
            expectRefusal(await chatError {
                _ = try await bob.persistentChatServices.queryChatHistory([ChatRoomURI(domain: "contoso.com", id: UUID())], searchString: "x")
            }, .noSuchNode, .noSuchRoom)
            expectClientSideRefusal(await chatError { _ = try await services.queryChatHistory([], searchString: "plans") })
            expectRefusal(await chatError { _ = try await services.queryChatHistory(Array(repeating: helpURI, count: 101), searchString: "x") },
                          .limitExceeded, .tooLong)
            // The server refuses an empty room list too.
            let transcript = try await RawClient.run(server.url, steps: [
                .text(RawClient.establish("carol")),
                .await(count: 1),
                .text(#"{"v":1,"type":"cmd","seq":2,"cmd":"queryHistory","data":{"rooms":[],"query":{"searchString":"plans"}}}"#),
                .await(count: 2),
                .text(#"{"v":1,"type":"cmd","seq":3,"cmd":"terminate","data":{}}"#),
            ])
            #expect(RawClient.failure(transcript, seq: 2)?.code == .invalidArgument)
            #expect(RawClient.failure(transcript, seq: 2)?.detail == .invalidArgument)

            // A room that keeps no history has nothing to find.
            let (_, quiet) = try await server.join("carol", "quiet")
            try await quiet.sendChatMessage("gone with the wind")
            let unlogged = try await services.queryChatHistory([try #require(quiet.chatRoomUri)], searchString: "wind")
            #expect(unlogged.first?.messages.isEmpty == true)
            #expect(unlogged.first?.searchResultsCount == 0)
        }
    }

    @Test func termsPhrasesAndCase() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("alice", "team")
            for text in ["The quick brown fox", "a fox that is quick", "quickly now", "Brown bears", "FOX news"] {
                try await team.sendChatMessage(text)
            }
            let bob = try await server.connect("bob")
            let uri = try #require(team.chatRoomUri)
            func search(_ text: String, exact: Bool = false, caseSensitive: Bool = false) async throws -> [String] {
                Self.texts(try await bob.persistentChatServices.queryChatHistory([uri], searchString: text, exactPhrase: exact,
                                                                                 caseSensitive: caseSensitive).first)
            }
            // Terms: every one, as a word prefix, anywhere.
            #expect(try await search("quick fox") == ["The quick brown fox", "a fox that is quick"])
            #expect(try await search("qui") == ["The quick brown fox", "a fox that is quick", "quickly now"])
            #expect(try await search("fox quick") == ["The quick brown fox", "a fox that is quick"])
            #expect(try await search("uick").isEmpty)
            // An exact phrase: those words, in that order, next to each other.
            #expect(try await search("quick brown", exact: true) == ["The quick brown fox"])
            #expect(try await search("QUICK  BROWN", exact: true) == ["The quick brown fox"])
            #expect(try await search("brown quick", exact: true).isEmpty)
            #expect(try await search("quick fox", exact: true).isEmpty)
            // Case-insensitive unless asked.
            #expect(try await search("FOX") == ["The quick brown fox", "a fox that is quick", "FOX news"])
            #expect(try await search("FOX", caseSensitive: true) == ["FOX news"])
            #expect(try await search("fox", caseSensitive: true) == ["The quick brown fox", "a fox that is quick"])
            #expect(try await search("Brown", caseSensitive: true) == ["Brown bears"])
            #expect(try await search("quick brown", exact: true, caseSensitive: true) == ["The quick brown fox"])
            #expect(try await search("Quick brown", exact: true, caseSensitive: true).isEmpty)
        }
    }

    @Test func authorsAndDateRanges() async throws {
        try await withTestServer { server in
            let (_, aliceTeam) = try await server.join("alice", "team")
            let (bob, bobTeam) = try await server.join("bob", "team")
            for (session, text) in [(aliceTeam, "a1 status"), (bobTeam, "b1 status"), (aliceTeam, "a2 status"), (bobTeam, "b2 status")] {
                try await session.sendChatMessage(text)
                try await Task.sleep(for: .milliseconds(30))
            }
            let uri = try #require(aliceTeam.chatRoomUri)
            let services = bob.persistentChatServices
            func query(_ options: ChatHistoryQueryOptions) async throws -> [String] {
                Self.texts(try await services.queryChatHistory([uri], options).first)
            }
            let bobURI = try #require(SIPURI(E2EAPI.bob)), aliceURI = try #require(SIPURI(E2EAPI.alice))
            #expect(try await query(ChatHistoryQueryOptions(authors: [bobURI])) == ["b1 status", "b2 status"])
            #expect(try await query(ChatHistoryQueryOptions(authors: [aliceURI, bobURI])) == ["a1 status", "b1 status", "a2 status", "b2 status"])
            #expect(try await query(ChatHistoryQueryOptions(authors: [try #require(SIPURI(E2EAPI.carol))])).isEmpty)
            #expect(try await query(ChatHistoryQueryOptions(searchString: "a2", authors: [bobURI])).isEmpty)

            let messages = try #require(try await services.queryChatHistory([uri], ChatHistoryQueryOptions()).first?.messages)
            let stamps = messages.map { E2EAPI.ms($0.timestamp) }
            try #require(stamps.count == 4 && stamps == stamps.sorted() && Set(stamps).count == 4, "timestamps \(stamps)")
            #expect(try await query(ChatHistoryQueryOptions(from: stamps[1], to: stamps[2])) == ["b1 status", "a2 status"])
            #expect(try await query(ChatHistoryQueryOptions(from: stamps[2])) == ["a2 status", "b2 status"])
            #expect(try await query(ChatHistoryQueryOptions(to: stamps[1])) == ["a1 status", "b1 status"])
            #expect(try await query(ChatHistoryQueryOptions(authors: [aliceURI], from: stamps[1])) == ["a2 status"])
            #expect(try await query(ChatHistoryQueryOptions(from: stamps[3] + 1)).isEmpty)
            expectRefusal(await chatError { _ = try await query(ChatHistoryQueryOptions(from: stamps[2], to: stamps[1])) },
                          .invalidArgument, .invalidArgument)
        }
    }

    @Test func pagingWalksThroughEveryMatch() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("alice", "team")
            var matchIds: [Int64] = []
            for index in 1...7 {
                matchIds.append(try await team.sendChatMessage("match \(index)"))
                if index <= 3 { try await team.sendChatMessage("other \(index)") }
            }
            let bob = try await server.connect("bob")
            let uri = try #require(team.chatRoomUri)
            func page(after id: Int64?, reversed: Bool = false) async throws -> ChatHistoryResult {
                try #require(try await bob.persistentChatServices.queryChatHistory([uri], ChatHistoryQueryOptions(
                    searchString: "match", resultLimit: 3, searchOrderReversed: reversed, startingMessageId: id)).first)
            }
            var pages: [ChatHistoryResult] = [try await page(after: nil)]
            while let last = pages.last, last.exceededServerLimit, pages.count < 10 {
                pages.append(try await page(after: try #require(last.messages.last?.messageId)))
            }
            let pageSizes = pages.map { $0.messages.count }
            #expect(pageSizes == [3, 3, 1])
            #expect(pages.map(\.exceededServerLimit) == [true, true, false])
            #expect(pages.map(\.searchResultsCount) == [7, 7, 7])
            let pagedIds = pages.flatMap { $0.messages.map(\.messageId) }
            #expect(pagedIds == matchIds)
            let pagedTexts = pages.flatMap { $0.messages.map(\.messageContent) }
            let expectedTexts = (1...7).map { "match \($0)" }
            #expect(pagedTexts == expectedTexts)

            // Newest first: each page is the next older three, returned oldest first; continue from the oldest.
            let newest = try await page(after: nil, reversed: true)
            #expect(Self.texts(newest) == ["match 5", "match 6", "match 7"])
            #expect(newest.exceededServerLimit)
            let older = try await page(after: try #require(newest.messages.first?.messageId), reversed: true)
            #expect(Self.texts(older) == ["match 2", "match 3", "match 4"])
            let oldest = try await page(after: try #require(older.messages.first?.messageId), reversed: true)
            #expect(Self.texts(oldest) == ["match 1"])
            #expect(!oldest.exceededServerLimit)

            expectRefusal(await chatError {
                _ = try await bob.persistentChatServices.queryChatHistory([uri], ChatHistoryQueryOptions(resultLimit: 0))
            }, .invalidArgument, .invalidArgument)
        }
    }

    @Test func theServerSearchLimitCapsEveryPage() async throws {
        var limits = ServerLimits()
        limits.searchLimit = 4
        limits.defaultHistory = 4
        try await withTestServer(limits: limits) { server in
            let (alice, team) = try await server.join("alice", "team")
            for index in 1...6 { try await team.sendChatMessage("item \(index)") }
            let uri = try #require(team.chatRoomUri)
            for resultLimit in [nil, 10] {
                let result = try #require(try await alice.persistentChatServices.queryChatHistory(
                    [uri], ChatHistoryQueryOptions(searchString: "item", resultLimit: resultLimit)).first)
                #expect(Self.texts(result) == ["item 1", "item 2", "item 3", "item 4"])
                #expect(result.exceededServerLimit)
                #expect(result.searchResultsCount == 6)
            }
        }
    }

    @Test func sortOrderReversedReturnsNewestFirst() async throws {
        try await withTestServer { server in
            let (alice, team) = try await server.join("alice", "team")
            for index in 1...5 { try await team.sendChatMessage("note \(index)") }
            let uri = try #require(team.chatRoomUri)
            func query(_ options: ChatHistoryQueryOptions) async throws -> [String] {
                Self.texts(try await alice.persistentChatServices.queryChatHistory([uri], options).first)
            }
            let notes = (1...5).map { "note \($0)" }
            #expect(try await query(ChatHistoryQueryOptions(searchString: "note")) == notes)
            #expect(try await query(ChatHistoryQueryOptions(searchString: "note", sortOrderReversed: true)) == notes.reversed())
            // The page is chosen by the search order, then sorted.
            #expect(try await query(ChatHistoryQueryOptions(searchString: "note", resultLimit: 2, sortOrderReversed: true)) == ["note 2", "note 1"])
            #expect(try await query(ChatHistoryQueryOptions(searchString: "note", resultLimit: 2, searchOrderReversed: true,
                                                            sortOrderReversed: true)) == ["note 5", "note 4"])
        }
    }

    @Test func injectionLookingInputFindsOnlyLiteralMatches() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("alice", "team")
            let texts = [#"he said ") OR 1=1 --"#, "NEAR(a b) is an FTS operator", "a b c", "hello world", "'; DROP TABLE messages; --"]
            for text in texts { try await team.sendChatMessage(text) }
            let (bob, bobTeam) = try await server.join("bob", "team")
            let uri = try #require(team.chatRoomUri)
            func search(_ text: String, exact: Bool = false) async -> [String]? {
                do {
                    return Self.texts(try await bob.persistentChatServices.queryChatHistory([uri], searchString: text, exactPhrase: exact).first)
                } catch {
                    Issue.record("searching '\(text)' failed: \(error)")
                    return nil
                }
            }
            #expect(await search(#"") OR 1=1 --"#) == [texts[0]])
            #expect(await search(#"") OR 1=1 --"#, exact: true) == [texts[0]])
            #expect(await search("NEAR(a b)") == [texts[1]])
            #expect(await search("'; DROP TABLE messages; --") == [texts[4]])
            #expect(await search("hello OR world") == [])
            #expect(await search("hello world") == [texts[3]])
            #expect(await search("hello*") == [texts[3]])
            #expect(await search(#""unbalanced"#) == [])
            #expect(await search("text:hello") == [])
            #expect(await search("^hello") == [texts[3]])
            #expect(await search("a AND b", exact: true) == [])
            // Everything is still there, and the room still works.
            #expect(await search("") == texts)
            let id = try await bobTeam.sendChatMessage("after the storm")
            #expect(try await bob.persistentChatServices.queryChatHistory([uri], searchString: "storm").first?.messages.map(\.messageId) == [id])
        }
    }

    @Test func punctuationAloneAndOverlongSearchesAreRefused() async throws {
        try await withTestServer { server in
            let (alice, team) = try await server.join("alice", "team")
            try await team.sendChatMessage("?!")
            let uri = try #require(team.chatRoomUri)
            let services = alice.persistentChatServices
            for text in ["?!.", #"") --"#, "*", "- -"] {
                expectRefusal(await chatError { _ = try await services.queryChatHistory([uri], searchString: text) },
                              .invalidArgument, .noSearchableTerms)
            }
            expectRefusal(await chatError { _ = try await services.queryChatHistory([uri], searchString: "...", exactPhrase: true) },
                          .invalidArgument, .noSearchableTerms)
            expectRefusal(await chatError { _ = try await services.queryChatHistory([uri], searchString: String(repeating: "w", count: 257)) },
                          .invalidArgument, .tooLong)
        }
    }

    @Test func aJoinedSessionSearchesItsOwnRoom() async throws {
        try await withTestServer { server in
            let (_, aliceTeam) = try await server.join("alice", "team")
            let (_, bobTeam) = try await server.join("bob", "team")
            try await aliceTeam.sendChatMessage("release notes drafted")
            try await bobTeam.sendChatMessage("release notes reviewed")
            try await bobTeam.sendChatMessage("coffee?")
            let result = try await bobTeam.queryChatHistory("release")
            #expect(result.chatRoomUri == bobTeam.chatRoomUri)
            #expect(result.chatRoomName == "team")
            #expect(Self.texts(result) == ["release notes drafted", "release notes reviewed"])
            #expect(result.searchResultsCount == 2)
            let bobsOnly = try await aliceTeam.queryChatHistory(ChatHistoryQueryOptions(searchString: "release",
                                                                                        authors: [try #require(SIPURI(E2EAPI.bob))]))
            #expect(Self.texts(bobsOnly) == ["release notes reviewed"])
            #expect(Self.texts(try await aliceTeam.queryChatHistory("Release", caseSensitive: true)).isEmpty)
            #expect(Self.texts(try await aliceTeam.queryChatHistory("notes drafted", exactPhrase: true)) == ["release notes drafted"])
            // A session that is not joined cannot search.
            let idle = ChatRoomSession(endpoint: try await server.connect("carol"))
            let idleQuery = await chatError { _ = try await idle.queryChatHistory("release") }
            #expect(idleQuery?.kind == .invalidState)
            try await bobTeam.leave()
            let leftQuery = await chatError { _ = try await bobTeam.queryChatHistory("release") }
            #expect(leftQuery?.kind == .invalidState)
        }
    }
}
