import GRDB
import Logging
import ServiceLifecycle

/// Copies the write-ahead log into the database file on its own connection, off the commit path.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so one post in a few hundred
/// waited for megabytes to be written and synced. ``ChatStore`` turns that off on the writer; this service
/// checkpoints (passive: it never blocks the writer or readers) every `interval` while posts are committed, and
/// truncates the log when the server stops.
struct WALCheckpointer: Service {
    let store: ChatStore
    var interval: Duration = .milliseconds(250)
    let logger: Logger

    func run() async throws {
        let connection = try store.checkpointConnection()
        _ = await cancelWhenGracefulShutdown {
            var seen = store.commitCount
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                let now = store.commitCount
                guard now != seen else { continue }
                seen = now
                checkpoint(connection, .passive)
            }
        }
        checkpoint(connection, .truncate)
    }

    private func checkpoint(_ connection: DatabaseQueue, _ kind: Database.CheckpointMode) {
        do {
            try connection.writeWithoutTransaction { db in _ = try db.checkpoint(kind) }
        } catch {
            logger.warning("WAL checkpoint failed (it is retried): \(error)")
        }
    }
}
