import Foundation
import GRDB
import Testing
@testable import PersistentChatServer

/// The FTS5 index follows the messages table: filled on migration, kept in step by triggers.
@Suite struct HistorySearchSchemaTests {
    /// Messages stored before migration v3 are found once the store has migrated.
    @Test func migrationIndexesExistingMessages() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("search-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("chat.sqlite").path
        try Self.createVersion2Database(at: path)

        let store = try ChatStore(path: path)
        let roomId = try #require(try store.loadRooms(domain: "contoso.com").first?.id)
        let result = try await store.searchHistory(roomId: roomId, HistorySearch(terms: "legacy"))
        #expect(result.messages.map(\.text) == ["legacy message"])
        let titled = try await store.searchHistory(roomId: roomId, HistorySearch(terms: "chronicle"))
        #expect(titled.messages.map(\.text) == ["body"])
    }

    /// Creates a database at `path` migrated only up to v2, with one room and two messages.
    private static func createVersion2Database(at path: String) throws {
        let pool = try DatabasePool(path: path)
        try StoreSchema.migrator.migrate(
            pool, upTo: "v2: room settings, audit, stories and parts, invitations, preferences, files")
        try pool.write { db in
            try db.execute(sql: """
                INSERT INTO categories (id, guid, name) VALUES (1, 'c1', 'Old');
                INSERT INTO rooms (id, guid, name, category_id, privacy, behavior, created_at, updated_at)
                    VALUES (1, 'r1', 'old-room', 1, 'open', 'normal', 0, 0);
                INSERT INTO messages (room_id, author, text, ts) VALUES (1, 'sip:alice@contoso.com', 'legacy message', 5);
                INSERT INTO messages (room_id, author, text, ts, story_title)
                    VALUES (1, 'sip:alice@contoso.com', 'body', 6, 'Chronicle');
                """)
        }
    }

    /// Updated text and story titles are re-indexed, and deleted messages leave the index.
    @Test func triggersFollowUpdatesAndDeletes() async throws {
        try await SearchFixture.with { fixture in
            let id = try await fixture.post("original wording")
            try await fixture.store.pool.write { db in
                try db.execute(sql: "UPDATE messages SET text = 'revised text', story_title = 'Quarterly Story' WHERE id = ?",
                               arguments: [id])
            }
            #expect(try await fixture.texts(HistorySearch(terms: "original")).isEmpty)
            #expect(try await fixture.texts(HistorySearch(terms: "revised")) == ["revised text"])
            #expect(try await fixture.texts(HistorySearch(terms: "quarterly story", exactPhrase: true)) == ["revised text"])
            #expect(try await fixture.texts(HistorySearch(terms: "Quarterly", caseSensitive: true)) == ["revised text"])
            #expect(try await fixture.texts(HistorySearch(terms: "quarterly", caseSensitive: true)).isEmpty)

            try await fixture.store.pool.write { db in
                try db.execute(sql: "DELETE FROM messages WHERE id = ?", arguments: [id])
            }
            #expect(try await fixture.texts(HistorySearch(terms: "revised")).isEmpty)
            let check = try await fixture.store.pool.read { db in
                try String.fetchOne(db, sql: "PRAGMA integrity_check")
            }
            #expect(check == "ok")
            try await fixture.store.pool.write { db in
                try db.execute(sql: "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
            }
        }
    }
}
