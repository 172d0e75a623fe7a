import Foundation
import GRDB
import Testing
@testable import PersistentChatServer

/// Commits sync the write-ahead log (`synchronous = FULL`) on the connection that writes posts, also after a reopen.
///
/// GRDB's `DatabasePool` sets its writer to `synchronous = NORMAL` after the configuration's `prepareDatabase` ran, so a
/// setting made there was silently undone and acknowledged posts could be lost to a power failure.
@Suite struct CommitDurabilityTests {
    @Test func theWriterSyncsEveryCommit() async throws {
        try await withTemporaryFolder("pchat-test-durability") { folder in
            let path = folder.appendingPathComponent("pchat.sqlite").path
            for _ in 1...2 {
                let store = try ChatStore(path: path)
                let level = try store.pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
                #expect(level == ChatStore.synchronousFull)
                let mode = try store.pool.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
                #expect(mode == "wal")
            }
        }
    }
}
