import PersistentChatDirectory
import PersistentChatProtocol

/// A room as the server holds it: settings plus its role lists.
struct ChatRoomRecord: Sendable {
    let id: Int64
    let uri: ChatRoomURI
    var name: String
    var description: String
    var categoryId: Int64
    var privacy: ChatRoomPrivacy
    var behavior: ChatRoomBehavior
    var disabled: Bool
    var members: [PrincipalReference]
    var managers: [PrincipalReference]
    var presenters: [PrincipalReference]
}
