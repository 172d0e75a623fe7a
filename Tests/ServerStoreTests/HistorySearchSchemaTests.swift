import Foundation
import GRDB
import PersistentChatProtocol
import Testing
@testable import PersistentChatServer

/// The FTS5 index follows the messages table: filled on migration, written by each commit, kept in step by triggers.
@Suite struct HistorySearchSchemaTests {
    /// Messages stored before migration v3 are found once the store has migrated.
    @Test func migrationIndexesExistingMessages() async throws {
        try await withTemporaryFolder("search-tests") { folder in
            let path = folder.appendingPathComponent("chat.sqlite").path
            try Self.createVersion2Database(at: path)

            let store = try ChatStore(path: path)
            let roomId = try #require(try store.loadRooms(domain: "contoso.com").first?.id)
            let result = try await store.searchHistory(roomId: roomId, HistorySearch(terms: "legacy"))
            #expect(result.messages.map(\.text) == ["legacy message"])
            let titled = try await store.searchHistory(roomId: roomId, HistorySearch(terms: "chronicle"))
            #expect(titled.messages.map(\.text) == ["body"])
        }
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

    /// A commit indexes its kept messages in one statement; unkept ones take ids in the same sequence (the very first
    /// post of a new store included) and are neither stored nor indexed, and ids keep growing after a reopen.
    @Test func commitsIndexKeptMessagesAndNumberEveryMessage() async throws {
        try await withTemporaryFolder("search-tests") { folder in
            let fixture = try SearchFixture(folder: folder)
            let author = try #require(SIPURI("sip:alice@contoso.com"))
            func pending(_ text: String, keep: Bool) -> PendingPost {
                PendingPost(roomId: keep ? fixture.roomId : fixture.noHistoryRoomId, author: author, text: text, alert: false,
                            clientMessageId: nil, keep: keep)
            }
            let batch = [pending("fleeting secret", keep: false), pending("alpha one", keep: true),
                         pending("fleeting secret again", keep: false), pending("alpha two", keep: true)]
            let ids = try fixture.store.commit(batch, now: 5).map { outcome -> Int64 in
                guard case .stored(let id, _) = outcome else { return -1 }
                return id
            }
            #expect(ids == ids.sorted() && Set(ids).count == 4 && ids.allSatisfy { $0 > 0 })
            #expect(try await fixture.texts(HistorySearch(terms: "alpha")) == ["alpha one", "alpha two"])
            let fleeting = try await fixture.store.searchHistory(roomId: fixture.noHistoryRoomId, HistorySearch(terms: "secret"))
            #expect(fleeting.totalMatches == 0)
            let stored = try await fixture.store.pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM messages ORDER BY id") }
            #expect(stored == [ids[1], ids[3]])
            try await fixture.store.pool.write { db in
                try db.execute(sql: "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
            }

            let reopened = try ChatStore(path: folder.appendingPathComponent("chat.sqlite").path)
            let later = try reopened.commit([PendingPost(roomId: fixture.noHistoryRoomId, author: author, text: "x",
                                                         alert: false, clientMessageId: nil, keep: false),
                                             PendingPost(roomId: fixture.roomId, author: author, text: "alpha three",
                                                         alert: false, clientMessageId: nil, keep: true)], now: 6)
            guard case .stored(let unkept, _) = later[0], case .stored(let kept, _) = later[1] else {
                Issue.record("the second batch was not stored: \(later)")
                return
            }
            #expect(unkept > ids[3] && kept > unkept)
            #expect(try await reopened.searchHistory(roomId: fixture.roomId, HistorySearch(terms: "alpha")).totalMatches == 3)
        }
    }

    /// Messages indexed by the insert trigger of v3–v4 stay found after v5 drops it, beside messages indexed by commits.
    @Test func messagesIndexedBeforeVersion5StayFound() async throws {
        try await withTemporaryFolder("search-tests") { folder in
            let path = folder.appendingPathComponent("chat.sqlite").path
            let pool = try DatabasePool(path: path)
            try StoreSchema.migrator.migrate(pool, upTo: "v4: who sent an invitation")
            try await pool.write { db in
                try db.execute(sql: """
                    INSERT INTO categories (id, guid, name) VALUES (1, 'c1', 'Old');
                    INSERT INTO rooms (id, guid, name, category_id, privacy, behavior, created_at, updated_at)
                        VALUES (1, 'r1', 'old-room', 1, 'open', 'normal', 0, 0);
                    INSERT INTO messages (room_id, author, text, ts) VALUES (1, 'sip:alice@contoso.com', 'indexed by trigger', 5);
                    """)
            }
            try pool.close()
            let store = try ChatStore(path: path)
            let author = try #require(SIPURI("sip:alice@contoso.com"))
            _ = try store.commit([PendingPost(roomId: 1, author: author, text: "indexed by commit", alert: false,
                                              clientMessageId: nil, keep: true)], now: 6)
            let found = try await store.searchHistory(roomId: 1, HistorySearch(terms: "indexed"))
            #expect(found.messages.map(\.text) == ["indexed by trigger", "indexed by commit"])
            try await store.pool.write { db in
                try db.execute(sql: "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
            }
        }
    }

    /// A database a newer pchatd migrated (a migration this build does not know) is refused, and left as it was.
    @Test func aDatabaseFromANewerServerIsRefused() async throws {
        try await withTemporaryFolder("search-tests") { folder in
            let path = folder.appendingPathComponent("chat.sqlite").path
            _ = try ChatStore(path: path)
            let pool = try DatabasePool(path: path)
            try await pool.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99: from the future')") }
            try pool.close()
            #expect {
                _ = try ChatStore(path: path)
            } throws: { error in
                "\(error)".contains("written by a newer pchatd")
            }
        }
    }

    /// The v3–v4 insert trigger, re-created to run an older build, is dropped at the next start: nothing is indexed twice.
    @Test func aRecreatedInsertTriggerIsDroppedAtStart() async throws {
        try await withTemporaryFolder("search-tests") { folder in
            let path = folder.appendingPathComponent("chat.sqlite").path
            _ = try SearchFixture(folder: folder)
            let pool = try DatabasePool(path: path)
            try await pool.write { db in
                try db.execute(sql: """
                    CREATE TRIGGER messages_fts_after_insert AFTER INSERT ON messages BEGIN
                        INSERT INTO messages_fts (rowid, text, story_title) VALUES (new.id, new.text, new.story_title);
                    END;
                    """)
            }
            try pool.close()
            let fixture = try SearchFixture(folder: folder)
            try await fixture.post("indexed once")
            #expect(try await fixture.texts(HistorySearch(terms: "indexed")) == ["indexed once"])
            try await fixture.store.pool.write { db in
                try db.execute(sql: "INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)")
            }
        }
    }

    /// A room's category is found as the configuration names it, whatever the case, beyond ASCII too.
    @Test func roomCategoriesMatchWithoutRegardToCase() async throws {
        try await withTemporaryFolder("search-tests") { folder in
            let store = try ChatStore(path: folder.appendingPathComponent("chat.sqlite").path)
            try store.reconcile(categories: [CategoryDefinition(name: "Équipe", scope: [])],
                                rooms: [RoomDefinition(name: "équipe-room", category: "ÉQUIPE")], now: 0)
            let room = try #require(try store.loadRooms(domain: "contoso.com").first)
            let category = try #require(try store.loadCategories(domain: "contoso.com").first)
            #expect(room.categoryId == category.id)
            #expect(category.name == "Équipe")
        }
    }
}
