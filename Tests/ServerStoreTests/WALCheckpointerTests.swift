import Foundation
import Logging
import Synchronization
import PersistentChatProtocol
import Testing
@testable import PersistentChatServer

/// The write-ahead log stays bounded under commits that never pause, and is emptied when the checkpointer stops.
@Suite struct WALCheckpointerTests {
    @Test func theLogStartsOverUnderSteadyCommits() async throws {
        try await withTemporaryFolder("wal-tests") { folder in
            let fixture = try SearchFixture(folder: folder)
            let wal = folder.appendingPathComponent("chat.sqlite-wal").path
            let restartBytes = 512 << 10
            let checkpointer = WALCheckpointer(store: fixture.store, interval: .milliseconds(10), restartBytes: restartBytes,
                                               logger: Logger(label: "wal-test"))
            let connection = try fixture.store.checkpointConnection()

            // Back-to-back commits of a few pages each (about 30 MB of log in all), with the checkpointer's round every
            // few milliseconds on a thread of its own: a passive checkpoint never finds the log wholly copied when a
            // commit begins, so without the restart request the log would keep every frame.
            let done = Mutex(false)
            let stopped = DispatchSemaphore(value: 0)
            let rounds = Thread {
                while !done.withLock({ $0 }) {
                    checkpointer.checkpoint(connection)
                    Thread.sleep(forTimeInterval: 0.003)
                }
                stopped.signal()
            }
            rounds.start()
            let author = try #require(SIPURI("sip:alice@contoso.com"))
            let text = String(repeating: "steady commit words ", count: 150)
            var largest: UInt64 = 0
            for number in 0..<1_500 {
                _ = try fixture.store.commit([PendingPost(roomId: fixture.roomId, author: author, text: "\(number) \(text)",
                                                          alert: false, clientMessageId: nil, keep: true)], now: 1)
                let size = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? UInt64) ?? 0
                largest = max(largest, size)
                // The commits are synchronous: let the suite's other work have the cooperative thread now and then.
                if number % 50 == 0 { await Task.yield() }
            }
            done.withLock { $0 = true }
            stopped.wait()
            #expect(largest > UInt64(restartBytes), "the test wrote too little log to show anything: \(largest) bytes")
            #expect(largest < 8 << 20, "the log grew to \(largest) bytes")

            // Stopping empties the log, even when the service's task is cancelled.
            let running = Task { try await checkpointer.run() }
            try await Task.sleep(for: .milliseconds(50))
            running.cancel()
            try await running.value
            let after = (try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? UInt64) ?? 0
            #expect(after == 0)
            #expect(try await fixture.store.searchHistory(roomId: fixture.roomId, HistorySearch(terms: "steady")).totalMatches == 1_500)
        }
    }
}
