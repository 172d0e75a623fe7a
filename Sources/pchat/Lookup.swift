import Foundation
import PersistentChat

/// Finding rooms and categories named on the command line by name or by URI.
extension PersistentChatEndpoint {
    /// A room's full settings: `ma-chan://` URIs directly, anything else as a (case-insensitive) name.
    func room(_ text: String) async throws -> ChatRoom {
        let management = persistentChatServices.chatRoomManagementServices
        if let uri = ChatRoomURI(text) { return try await management.getChatRoom(uri) }
        return try await management.getChatRoom(named: text)
    }

    /// A room's URI: `ma-chan://` URIs as given, names looked up.
    func roomUri(_ text: String) async throws -> ChatRoomURI {
        if let uri = ChatRoomURI(text) { return uri }
        return try await persistentChatServices.chatRoomManagementServices.getChatRoom(named: text).chatRoomUri
    }

    /// A category to create a room in: a `ma-cat://` URI as given, or a name among those where the caller may create.
    ///
    /// A name the caller may not create in is still looked up among visible rooms' categories, so that the server
    /// refuses the creation with its own reason; a name found nowhere fails here.
    func creationCategory(_ text: String) async throws -> (uri: CategoryURI, name: String) {
        let services = persistentChatServices
        let allowed = try await services.chatRoomManagementServices.findCategoriesWithCreateRights()
        if let uri = CategoryURI(text) { return (uri, allowed.first { $0.uri == uri }?.name ?? text) }
        if let category = allowed.first(where: { $0.name.caseInsensitiveCompare(text) == .orderedSame }) {
            return (category.uri, category.name)
        }
        let visible = try await services.browseChatRoomsByCriteria("")
        if let room = visible.first(where: { $0.parentCategoryName.caseInsensitiveCompare(text) == .orderedSame }) {
            return (room.parentCategoryUri, room.parentCategoryName)
        }
        let names = allowed.map(\.name).sorted()
        throw CommandFailure("no category named '\(text)' where you may create rooms"
                             + (names.isEmpty ? "; you may create rooms nowhere" : "; you may in: \(names.joined(separator: ", "))"))
    }
}
