/// An add-in registered in server.yaml (Lync `PersistentChatAddIn`): a web page clients show beside the rooms that
/// name it.
public struct AddInPayload: Codable, Sendable, Equatable, Hashable {
    /// A GUID made from the name (lowercased), so it stays the same across restarts and servers.
    public var id: String
    /// Unique among add-ins, ignoring case; rooms name their add-in by it.
    public var name: String
    /// The page to show, `http://` or `https://`.
    public var url: String
    public init(id: String, name: String, url: String) {
        self.id = id
        self.name = name
        self.url = url
    }
}

/// Every registered add-in (Lync `GetAllAddIns`).
public struct GetAllAddInsRequest: DataFreeCommand {
    public typealias Reply = AddInListReply
    public static let name = "getAllAddIns"
    public init() {}
}

/// Add-ins, in server.yaml's order.
public struct AddInListReply: Codable, Sendable, Equatable {
    public var addIns: [AddInPayload]
    public init(addIns: [AddInPayload]) { self.addIns = addIns }
}

/// The rooms the caller may see that use an add-in, named by its name (Lync `FindChatRoomsUsingAddIn`).
public struct FindRoomsUsingAddInRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "findRoomsUsingAddIn"
    public var addIn: String
    public init(addIn: String) { self.addIn = addIn }
}
