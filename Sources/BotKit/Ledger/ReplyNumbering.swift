import PersistentChat
import Synchronization

/// Gives the replies of one handler call their client message ids: the bot instance, the message and the reply's
/// place in the call. A message handed over again (the host was killed before recording it) produces the same ids,
/// and the server stores each only once. It also keeps the call's replies, so that the message is recorded as handled
/// only once the server has answered each of them.
final class ReplyNumbering: Sendable {
    /// `instance:messageId`.
    let key: String
    private let state = Mutex<(count: Int, queued: [QueuedChatMessage])>((0, []))

    init(instance: String, messageId: Int64) {
        key = "\(instance):\(messageId)"
    }

    /// The next reply's id.
    func next() -> String {
        let index = state.withLock { state in
            state.count += 1
            return state.count
        }
        return "\(key):\(index)"
    }

    /// Keeps a reply the call has queued.
    func track(_ reply: QueuedChatMessage) {
        state.withLock { $0.queued.append(reply) }
    }

    /// Returns once the server has answered every reply queued so far: stored, refused, or the connection ended.
    func settled() async {
        for reply in state.withLock({ $0.queued }) {
            _ = try? await reply.acknowledged()
        }
    }
}
