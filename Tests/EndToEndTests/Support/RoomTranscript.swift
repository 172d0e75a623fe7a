import Foundation
import PersistentChat

/// What a room holds, read back through history search, for tests that count messages.
enum RoomTranscript {
    /// Every stored message of the session's room by `author` (a SIP URI), oldest first, page by page.
    static func messages(in session: ChatRoomSession, by author: String) async throws -> [ChatMessage] {
        guard let uri = SIPURI(author) else { return [] }
        var all: [ChatMessage] = []
        var after: Int64?
        while true {
            let page = try await session.queryChatHistory(ChatHistoryQueryOptions(authors: [uri], startingMessageId: after))
            all += page.messages
            guard page.exceededServerLimit, let last = page.messages.last?.messageId else { return all }
            after = last
        }
    }

    /// How many times each text was posted by `author`.
    static func counts(in session: ChatRoomSession, by author: String) async throws -> [String: Int] {
        try await messages(in: session, by: author).reduce(into: [:]) { $0[$1.messageContent, default: 0] += 1 }
    }

    /// Polls until `done` holds for the counts by `author`, or `seconds` pass; the last counts either way.
    static func waitForCounts(in session: ChatRoomSession, by author: String, seconds: Double = 30,
                              until done: ([String: Int]) -> Bool) async throws -> [String: Int] {
        let deadline = Date().addingTimeInterval(seconds)
        var counts = try await counts(in: session, by: author)
        while !done(counts), Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
            counts = try await self.counts(in: session, by: author)
        }
        return counts
    }
}
