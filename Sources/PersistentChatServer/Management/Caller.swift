import PersistentChatDirectory
import PersistentChatProtocol

/// The established user a command comes from.
struct Caller: Sendable {
    let entry: DirectoryEntry
    let uri: SIPURI

    /// Stamps an audit entry with the caller and the time now.
    var audit: ChatRoomRecord.Audit { ChatRoomRecord.Audit(by: uri.value, at: ServerCore.now) }
}
