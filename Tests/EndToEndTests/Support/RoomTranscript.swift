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
        var latest: [String: Int] = [:]
        _ = try await eventually(within: seconds) {
            latest = try await counts(in: session, by: author)
            return done(latest)
        }
        return latest
    }

    /// Waits as ``waitForCounts(in:by:seconds:until:)`` does, then `linger` more, and counts again: a duplicate would
    /// be posted right after the first answer, so it shows by then.
    static func settledCounts(in session: ChatRoomSession, by author: String, linger: Duration = .milliseconds(300),
                              until done: ([String: Int]) -> Bool) async throws -> [String: Int] {
        _ = try await waitForCounts(in: session, by: author, until: done)
        try await Task.sleep(for: linger)
        return try await counts(in: session, by: author)
    }
}
