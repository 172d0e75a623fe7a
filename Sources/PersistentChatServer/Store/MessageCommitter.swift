import Foundation
import Logging
import NIOCore
import PersistentChatProtocol
import ServiceHealth

/// Group commit: posts queue up while a transaction is being written and are committed together in the next one.
///
/// A post is acknowledged only after its transaction commits (synchronous FULL). Committed messages
/// are encoded once and handed to the hub in id order.
actor MessageCommitter {
    typealias Outcome = Result<(CommitOutcome, ChatMessagePayload), ErrorPayload>

    private struct Entry {
        let post: PendingPost
        let payload: (ChatRoomURI, String)
        let promise: Promise<Outcome>
        /// Set for posts from a connection: the acknowledgement goes straight to its outbox.
        let ack: AckTarget?
    }

    private let store: ChatStore
    private let hub: RoomHub
    private let maxBatch: Int
    private let logger: Logger
    private let metrics: ServerMetrics?
    private var pending: [Entry] = []
    private var flushing = false
    private let codec = FrameCodec()

    init(store: ChatStore, hub: RoomHub, maxBatch: Int, metrics: ServerMetrics? = nil, logger: Logger) {
        self.metrics = metrics
        self.store = store
        self.hub = hub
        self.maxBatch = maxBatch
        self.logger = logger
    }

    /// Queues a post and returns at once; await the promise for the outcome. With `ack`, the committer also sends
    /// the acknowledgement (or the refusal) to the poster itself, after the message went out to the room.
    @discardableResult
    func enqueue(_ post: PendingPost, room: ChatRoomURI, roomName: String, ack: AckTarget? = nil) -> Promise<Outcome> {
        let promise = Promise<Outcome>()
        pending.append(Entry(post: post, payload: (room, roomName), promise: promise, ack: ack))
        if !flushing {
            flushing = true
            Task { await self.flush() }
        }
        return promise
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(maxBatch))
            pending.removeFirst(batch.count)
            let now = Date().millisecondsSince1970
            let started = ContinuousClock.now
            do {
                let outcomes = try await Self.commit(batch.map(\.post), now: now, in: store)
                metrics?.commitDuration.record(since: started)
                metrics?.commitBatchSize.record(batch.count)
                metrics?.postsAccepted.increment(by: batch.count)
                var frames: [(roomId: Int64, frame: ByteBuffer)] = []
                frames.reserveCapacity(batch.count)
                var results: [(Promise<Outcome>, Outcome)] = []
                for (entry, outcome) in zip(batch, outcomes) {
                    let (id, ts): (Int64, Int64)
                    switch outcome {
                    case .stored(let i, let t), .duplicate(let i, let t): (id, ts) = (i, t)
                    }
                    let message = ChatMessagePayload(
                        id: id, room: entry.payload.0, roomName: entry.payload.1, author: entry.post.author,
                        text: entry.post.text, alert: entry.post.alert, ts: ts, clientMessageId: entry.post.clientMessageId,
                        storyTitle: entry.post.storyTitle, parts: entry.post.parts.flatMap(MessageEncoding.decodeParts))
                    if case .stored = outcome, let frame = encode(message) {
                        frames.append((entry.post.roomId, frame))
                    }
                    results.append((entry.promise, .success((outcome, message))))
                }
                await hub.deliver(frames)
                for (entry, (promise, result)) in zip(batch, results) {
                    promise.fulfill(result)
                    acknowledge(entry, result)
                }
            } catch {
                logger.error("commit of \(batch.count) posts failed: \(error)")
                for _ in batch { metrics?.postRefused("database") }
                let failure = ErrorPayload(.databaseConnection, .internalError, "the message could not be stored; nothing was kept")
                for entry in batch {
                    entry.promise.fulfill(.failure(failure))
                    acknowledge(entry, .failure(failure))
                }
            }
        }
        flushing = false
    }

    /// Writes a batch off the actor, so posts keep queuing while the transaction and its fsync run; the write
    /// blocks this task's thread rather than handing over to GRDB's queue and back.
    private nonisolated static func commit(_ posts: [PendingPost], now: Int64, in store: ChatStore) async throws -> [CommitOutcome] {
        try store.commit(posts, now: now)
    }

    /// Sends a connection's post its reply: the id and time once durable, or why it was not stored.
    private func acknowledge(_ entry: Entry, _ result: Outcome) {
        guard let ack = entry.ack else { return }
        switch result {
        case .success(let (outcome, message)):
            let duplicate = if case .duplicate = outcome { true } else { false }
            let reply = PostReply(messageId: message.id, timestamp: message.ts, duplicate: duplicate)
            ack.outbox.send(ByteBuffer(bytes: HotFrames.postReply(seq: ack.seq, reply)))
        case .failure(let error):
            if let text = try? codec.encode(ServerFrame.failure(seq: ack.seq, command: PostRequest.name, error)) {
                ack.outbox.send(ByteBuffer(string: text))
            }
        }
        ack.pending.end()
    }

    /// The message's frame, encoded once for every member of the room.
    private func encode(_ message: ChatMessagePayload) -> ByteBuffer? {
        (try? codec.encodeBytes(ServerFrame.message(message))).map { ByteBuffer(bytes: $0) }
    }
}
