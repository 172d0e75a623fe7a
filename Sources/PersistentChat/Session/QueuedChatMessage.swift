import PersistentChatProtocol

/// A post that is on its way to the server: sent in order, acknowledged later.
///
/// From ``ChatRoomSession/queueChatMessage(_:alert:clientMessageId:)``; lets a sender keep several posts in
/// flight (the server stores them in the order they were queued) and learn each one's id when it needs it.
public struct QueuedChatMessage: Sendable {
    /// The client message id sent with the post (a retry with it is stored once).
    public let clientMessageId: String
    let slot: ReplySlot

    /// The stored message's id, once the server has made the post durable; throws why it was refused or lost.
    public func acknowledged() async throws(PersistentChatError) -> Int64 {
        try await Self.messageId(from: slot.value())
    }

    /// Calls `handler` with the outcome when it is known, without waiting for it.
    public func whenAcknowledged(_ handler: @escaping @Sendable (Result<Int64, PersistentChatError>) -> Void) {
        slot.observe { result in
            handler(result.flatMap { raw in Result { () throws(PersistentChatError) in try Self.messageId(from: raw) } })
        }
    }

    private static func messageId(from raw: RawReply) throws(PersistentChatError) -> Int64 {
        try raw.reply(to: PostRequest.self).messageId
    }
}
