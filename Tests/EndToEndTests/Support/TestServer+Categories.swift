import PersistentChat
import Testing

extension TestServer {
    /// Every category's URI by name, as alice finds them (where she may create, and through browse).
    func categories() async throws -> [String: CategoryURI] {
        let alice = try await connect("alice")
        var result: [String: CategoryURI] = [:]
        for category in try await alice.persistentChatServices.chatRoomManagementServices.findCategoriesWithCreateRights() {
            result[category.name] = category.uri
        }
        for room in try await alice.persistentChatServices.browseChatRoomsByCriteria("") {
            result[room.parentCategoryName] = room.parentCategoryUri
        }
        return result
    }

    /// One category's URI.
    func category(_ name: String) async throws -> CategoryURI {
        try #require(try await categories()[name], "no category \(name)")
    }
}
