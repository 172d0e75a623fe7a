import Foundation
import GRDB
import Logging
import ServiceLifecycle

/// Copies the write-ahead log into the database file on its own connection, off the commit path, and keeps the log
/// from growing without end.
///
/// SQLite's automatic checkpoint runs inside the commit that crosses its threshold, so one post in a few hundred
/// waited for megabytes to be written and synced. ``ChatStore`` turns that off on the writer; this service
/// checkpoints (passive: it never blocks the writer or readers) every `interval` while posts are committed, and
/// truncates the log when the server stops.
///
/// A passive checkpoint alone never lets the log start over under steady load: SQLite rewinds the log only when a
/// writer begins while every frame is already copied, and a post always lands while the copy runs. The log then grew
/// by every commit (200 MB in three seconds at 1,000 bot round trips a second), and each commit's sync also had to
/// record the longer file. So once the log passes `restartBytes`, this service asks ``ChatStore`` for a restart: the
/// next commit first copies what is left (little) on the writer's own connection, where no other commit can slip in,
/// and then begins on a wholly copied log, which SQLite rewinds; commits then overwrite blocks the file already has
/// (`journal_size_limit` caps what it keeps). The request is made only when this round copied all but `restartSlackBytes`
/// of the log, so the commit that does the rest never copies much. A reader in the middle of a read when the commit
/// begins holds the rewind off; the request is then made again on the next round.
struct WALCheckpointer: Service {
    let store: ChatStore
    var interval: Duration = .milliseconds(250)
    /// The log size past which the log is made to start over.
    var restartBytes = ChatStore.walRestartBytes
    /// The most of the log a restart may leave to the commit that does it.
    var restartSlackBytes = 16 << 20
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
                checkpoint(connection)
            }
        }
        truncate(connection)
    }

    /// Empties the log at shutdown (synchronously: a cancelled task must still do it). A commit doing a restart's
    /// copy holds the checkpoint lock without waiting on the busy handler, so a busy log is tried again a few times.
    private func truncate(_ connection: DatabaseQueue) {
        for attempt in 1...5 {
            do {
                try connection.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
                return
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 5 {
                Thread.sleep(forTimeInterval: 0.02)
            } catch {
                logger.warning("the WAL could not be truncated at shutdown (the next start replays it): \(error)")
                return
            }
        }
    }

    /// A passive checkpoint, and a restart request when the log has grown past `restartBytes`.
    func checkpoint(_ connection: DatabaseQueue) {
        do {
            let (log, pageSize) = try connection.writeWithoutTransaction { db in
                (try db.checkpoint(.passive), try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 4096)
            }
            let left = (log.walFrameCount - log.checkpointedFrameCount) * pageSize
            if log.walFrameCount * pageSize >= restartBytes, left <= restartSlackBytes {
                store.requestLogRestart()
                logger.debug("WAL restart requested", metadata: ["frames": "\(log.walFrameCount)"])
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY {
            // A commit is doing a restart's copy; this round's work is left to the next.
            logger.debug("WAL checkpoint busy; retried on the next round")
        } catch {
            logger.warning("WAL checkpoint failed (it is retried): \(error)")
        }
    }
}
