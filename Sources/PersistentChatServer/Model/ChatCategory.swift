import PersistentChatDirectory
import PersistentChatProtocol

/// A category as the server holds it: settings plus resolved scope and creators.
struct ChatCategory: Sendable {
    let id: Int64
    let uri: CategoryURI
    var name: String
    var description: String
    /// Principals allowed in the category's rooms.
    var scope: [PrincipalReference]
    var creators: [PrincipalReference]
    var invitations: Bool
    var fileUpload: Bool
    /// Whether messages are kept.
    var history: Bool
}
