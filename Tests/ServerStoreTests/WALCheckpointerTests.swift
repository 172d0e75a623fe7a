import Foundation
import Logging
import PersistentChatProtocol
import Testing
@testable import PersistentChatServer

/// The write-ahead log stays bounded under commits that never pause, and is emptied when the checkpointer stops.
@Suite struct WALCheckpointerTests {
    @Test func theLogStartsOverUnderSteadyCommits() async throws {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("wal-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let fixture = try SearchFixture(folder: folder)
        let wal = folder.appendingPathComponent("chat.sqlite-wal").path
        let restartBytes = 512 << 10
        let checkpointer = WALCheckpointer(store: fixture.store, interval: .milliseconds(10), restartBytes: restartBytes,
                                           logger: Logger(label: "wal-test"))
        let running = Task { try await checkpointer.run() }

        // Back-to-back commits of a few pages each (about 30 MB of log in all): a passive checkpoint never finds the
        // log wholly copied when a commit begins, so without restarts the log would keep every frame.
        let author = try #require(SIPURI("sip:alice@contoso.com"))
        let text = String(repeating: "steady commit words ", count: 150)
        var largest: UInt64 = 0
        for number in 0..<1_500 {
            _ = try fixture.store.commit([PendingPost(roomId: fixture.roomId, author: author, text: "\(number) \(text)",
                                                      alert: false, clientMessageId: nil, keep: true)], now: 1)
            let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? UInt64) ?? 0
            largest = max(largest, size ?? 0)
        }
        #expect(largest > UInt64(restartBytes), "the test wrote too little log to show anything: \(largest) bytes")
        #expect(largest < 8 << 20, "the log grew to \(largest) bytes")

        running.cancel()
        try await running.value
        let after = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? UInt64) ?? 0
        #expect(after == 0)
        #expect(try await fixture.store.searchHistory(roomId: fixture.roomId, HistorySearch(terms: "steady")).totalMatches == 1_500)
    }
}
