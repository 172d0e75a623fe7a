import Foundation
import PersistentChatProtocol
import Testing
@testable import PersistentChatServer

/// A real chat store in a temporary folder with two rooms: one keeps history, one (whose category has
/// `history: false`) keeps none.
struct SearchFixture {
    /// The store under test.
    let store: ChatStore
    /// The room whose messages are kept.
    let roomId: Int64
    /// The room whose messages are not kept.
    let noHistoryRoomId: Int64

    /// Opens a store at `folder/chat.sqlite` and creates the two rooms.
    init(folder: URL) throws {
        store = try ChatStore(path: folder.appendingPathComponent("chat.sqlite").path)
        try store.reconcile(
            categories: [CategoryDefinition(name: "Kept", scope: []),
                         CategoryDefinition(name: "Fleeting", scope: [], history: false)],
            rooms: [RoomDefinition(name: "kept-room", category: "Kept"),
                    RoomDefinition(name: "fleeting-room", category: "Fleeting")],
            now: 0)
        let rooms = try store.loadRooms(domain: "contoso.com")
        roomId = try #require(rooms.first { $0.name == "kept-room" }?.id)
        noHistoryRoomId = try #require(rooms.first { $0.name == "fleeting-room" }?.id)
    }

    /// Runs `body` with a fixture in a new temporary folder, removed afterwards.
    static func with(_ body: (SearchFixture) async throws -> Void) async throws {
        try await withTemporaryFolder("search-tests") { folder in try await body(SearchFixture(folder: folder)) }
    }

    /// Commits one message (a story when `storyTitle` is set) at time `now`, in the room keeping history unless
    /// told otherwise, and returns its id.
    @discardableResult
    func post(_ text: String, by author: String = "sip:alice@contoso.com", at now: Int64 = 1_000,
              in room: Int64? = nil, keep: Bool = true, storyTitle: String? = nil) async throws -> Int64 {
        let sender = try #require(SIPURI(author))
        let post = PendingPost(roomId: room ?? roomId, author: sender, text: text, alert: false,
                               clientMessageId: nil, keep: keep, storyTitle: storyTitle)
        let outcomes = try store.commit([post], now: now)
        // A synchronous commit: the suite's in-process servers share the cooperative threads.
        await Task.yield()
        guard case .stored(let id, _) = try #require(outcomes.first) else {
            Issue.record("post of '\(text)' was not stored")
            return 0
        }
        return id
    }

    /// Posts each text in order and returns their ids.
    @discardableResult
    func post(_ texts: [String], by author: String = "sip:alice@contoso.com") async throws -> [Int64] {
        var ids: [Int64] = []
        for text in texts {
            ids.append(try await post(text, by: author))
        }
        return ids
    }

    /// The texts of the matches of `search` in the room keeping history, in the order returned.
    func texts(_ search: HistorySearch) async throws -> [String] {
        try await store.searchHistory(roomId: roomId, search).messages.map(\.text)
    }
}
