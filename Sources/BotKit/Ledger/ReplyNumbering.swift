import PersistentChat
import Synchronization

/// Gives the replies of one handler call their client message ids: the bot instance, the message and the reply's
/// place in the call. A message handed over again (the host was killed before recording it) produces the same ids,
/// and the server stores each only once.
final class ReplyNumbering: Sendable {
    /// `instance:messageId`.
    let key: String
    private let count = Mutex(0)

    init(instance: String, messageId: Int64) {
        key = "\(instance):\(messageId)"
    }

    /// The next reply's id.
    func next() -> String {
        let index = count.withLock { count in
            count += 1
            return count
        }
        return "\(key):\(index)"
    }
}
