/// A command a client sends, named on the wire by ``name`` and answered with a ``Reply``.
///
/// Every command is a plain `Codable` struct: its fields are the frame's `data`.
public protocol ChatCommand: Codable, Sendable, Equatable {
    /// What a successful reply carries in its `data`.
    associatedtype Reply: Codable, Sendable, Equatable
    /// The command's wire name (the frame's `cmd`).
    static var name: String { get }
}

extension ChatCommand {
    /// Decodes this command type from a frame's `data` key.
    static func decodeData<Key: CodingKey>(from container: KeyedDecodingContainer<Key>, key: Key) throws -> any ChatCommand {
        try container.decode(Self.self, forKey: key)
    }

    /// Whether `other` is the same command with the same data.
    public func isSame(as other: any ChatCommand) -> Bool {
        (other as? Self) == self
    }
}

/// A command without data: a frame may omit its `data`.
public protocol DataFreeCommand: ChatCommand {
    init()
}

extension DataFreeCommand {
    public init(from decoder: any Decoder) throws { self.init() }
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
}

/// Keys of an empty JSON object.
enum NoKeys: CodingKey {}

/// Every command the server understands, by wire name; the server builds its dispatch table from ``all`` and does
/// not start when one of them has no handler.
public enum CommandCatalog {
    /// The command types, in the order docs/protocol.md lists them.
    public static let all: [any ChatCommand.Type] = [
        EstablishRequest.self, ServerInfoRequest.self, TerminateRequest.self, RevokeSessionTokenRequest.self,
        BrowseRequest.self, BrowseFilterRequest.self, BrowseCategoryRequest.self, BrowseJoinedUserRequest.self,
        BrowseMyRoomsRequest.self, BrowseInvitationsRequest.self,
        JoinRequest.self, LeaveRequest.self, PostRequest.self, HistoryRequest.self, QueryHistoryRequest.self,
        HiddenParticipantsRequest.self,
        CreateRoomRequest.self, UpdateRoomRequest.self, GetRoomRequest.self, ChangeCategoryRequest.self,
        FindCategoriesWithCreateRightsRequest.self, FindRoomsByCategoryRequest.self, FindPrincipalsForRoleRequest.self,
        ChangeRoleRequest.self, GetRoleHoldersRequest.self, GetCategoryUsersRequest.self, GetPermissionsRequest.self,
        GetAllAddInsRequest.self, FindRoomsUsingAddInRequest.self,
        FindUsersRequest.self, GetUserRequest.self, GetUserGroupRequest.self,
        GetPreferenceRequest.self, SetPreferenceRequest.self, FileUploadRequest.self, FileDownloadRequest.self,
    ]

    private static let byName: [String: any ChatCommand.Type] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The command type with this wire name.
    public static func type(named name: String) -> (any ChatCommand.Type)? { byName[name] }

    /// Every wire name, for error messages.
    public static var names: [String] { all.map { $0.name } }
}

/// A reply without data.
public struct Empty: Codable, Sendable, Equatable {
    public init() {}
    public init(from decoder: any Decoder) throws {}
    public func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: NoKeys.self)
    }
}
