import Foundation

/// A room's own invitation setting; the effective value also needs the category's (Lync `ChatRoomInvitationSetting`).
public enum ChatRoomInvitationSetting: String, Codable, Sendable, CaseIterable {
    /// Use the category's setting.
    case inherit
    /// Never send invitations for this room.
    case `false`
}

/// A category as users see it (Lync `ChatRoomCategorySummary`).
public struct CategorySummaryPayload: Codable, Sendable, Equatable {
    public var uri: CategoryURI
    public var name: String
    public var description: String
    public var invitations: Bool
    public var fileUpload: Bool
    public var history: Bool
    public init(uri: CategoryURI, name: String, description: String, invitations: Bool, fileUpload: Bool, history: Bool) {
        self.uri = uri
        self.name = name
        self.description = description
        self.invitations = invitations
        self.fileUpload = fileUpload
        self.history = history
    }
}

/// A room's full settings (Lync `ChatRoom`).
public struct ChatRoomPayload: Codable, Sendable, Equatable {
    public var uri: ChatRoomURI
    public var name: String
    public var description: String
    public var category: CategorySummaryPayload
    public var privacy: ChatRoomPrivacy
    public var behavior: ChatRoomBehavior
    public var disabled: Bool
    public var invitations: ChatRoomInvitationSetting
    public var createdBy: String
    public var createdOn: Int64
    public var updatedBy: String
    public var updatedOn: Int64
    /// The room's add-in; absent when it has none (or names one no longer registered).
    public var addIn: AddInPayload?

    public init(uri: ChatRoomURI, name: String, description: String, category: CategorySummaryPayload,
                privacy: ChatRoomPrivacy, behavior: ChatRoomBehavior, disabled: Bool, invitations: ChatRoomInvitationSetting,
                createdBy: String, createdOn: Int64, updatedBy: String, updatedOn: Int64, addIn: AddInPayload? = nil) {
        self.addIn = addIn
        self.uri = uri
        self.name = name
        self.description = description
        self.category = category
        self.privacy = privacy
        self.behavior = behavior
        self.disabled = disabled
        self.invitations = invitations
        self.createdBy = createdBy
        self.createdOn = createdOn
        self.updatedBy = updatedBy
        self.updatedOn = updatedOn
    }
}

/// Create a room (Lync `ChatRoomSettings`); the creator needs the Creator role on the category and becomes a manager.
public struct CreateRoomRequest: ChatCommand {
    public typealias Reply = CreateRoomReply
    public static let name = "createRoom"
    public var name: String
    public var category: CategoryURI
    public var description: String
    public var behavior: ChatRoomBehavior
    /// Secret when true, else closed (the Lync default); `privacy`, when given, wins.
    public var visibleOnlyToMembers: Bool
    public var privacy: ChatRoomPrivacy?
    public var invitations: ChatRoomInvitationSetting
    public var disabled: Bool
    /// Principal references (SIP URIs or DNs) to make members at creation.
    public var members: [String]
    /// The name of a registered add-in for the room; nil or empty: none.
    public var addIn: String?

    public init(name: String, category: CategoryURI, description: String = "", behavior: ChatRoomBehavior = .normal,
                visibleOnlyToMembers: Bool = false, privacy: ChatRoomPrivacy? = nil,
                invitations: ChatRoomInvitationSetting = .inherit, disabled: Bool = false, members: [String] = [],
                addIn: String? = nil) {
        self.addIn = addIn
        self.name = name
        self.category = category
        self.description = description
        self.behavior = behavior
        self.visibleOnlyToMembers = visibleOnlyToMembers
        self.privacy = privacy
        self.invitations = invitations
        self.disabled = disabled
        self.members = members
    }

    enum CodingKeys: String, CodingKey {
        case name, category, description, behavior, visibleOnlyToMembers, privacy, invitations, disabled, members, addIn
    }

    /// Only `name` and `category` are required on the wire.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        name = try c.decode(String.self, forKey: .name)
        category = try c.decode(CategoryURI.self, forKey: .category)
        description = try c.decodeIfPresent(String.self, forKey: .description) ?? ""
        behavior = try c.decodeIfPresent(ChatRoomBehavior.self, forKey: .behavior) ?? .normal
        visibleOnlyToMembers = try c.decodeIfPresent(Bool.self, forKey: .visibleOnlyToMembers) ?? false
        privacy = try c.decodeIfPresent(ChatRoomPrivacy.self, forKey: .privacy)
        invitations = try c.decodeIfPresent(ChatRoomInvitationSetting.self, forKey: .invitations) ?? .inherit
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false
        members = try c.decodeIfPresent([String].self, forKey: .members) ?? []
        addIn = try c.decodeIfPresent(String.self, forKey: .addIn)
    }
}

/// The new room's URI.
public struct CreateRoomReply: Codable, Sendable, Equatable {
    public var uri: ChatRoomURI
    public init(uri: ChatRoomURI) { self.uri = uri }
}

/// Replace a room's settings (Lync `ChatRoomInformation`), and optionally, atomically, its role lists (nil: unchanged).
public struct UpdateRoomRequest: ChatCommand {
    public typealias Reply = Empty
    public static let name = "updateRoom"
    public var room: ChatRoomURI
    public var name: String
    public var description: String
    public var privacy: ChatRoomPrivacy
    public var behavior: ChatRoomBehavior
    public var disabled: Bool
    public var invitations: ChatRoomInvitationSetting
    public var members: [String]?
    public var managers: [String]?
    public var presenters: [String]?
    /// The name of a registered add-in; `""` removes the room's add-in, nil leaves it unchanged.
    public var addIn: String?

    public init(room: ChatRoomURI, name: String, description: String, privacy: ChatRoomPrivacy, behavior: ChatRoomBehavior,
                disabled: Bool, invitations: ChatRoomInvitationSetting, members: [String]? = nil,
                managers: [String]? = nil, presenters: [String]? = nil, addIn: String? = nil) {
        self.addIn = addIn
        self.room = room
        self.name = name
        self.description = description
        self.privacy = privacy
        self.behavior = behavior
        self.disabled = disabled
        self.invitations = invitations
        self.members = members
        self.managers = managers
        self.presenters = presenters
    }
}

/// Get a room's full settings by URI or name (managers, and anyone who can see the room).
public struct GetRoomRequest: ChatCommand {
    public typealias Reply = ChatRoomPayload
    public static let name = "getRoom"
    public var room: RoomReference
    public init(room: RoomReference) { self.room = room }
}

/// Move a room to another category (Creator there required; roles out of the new scope are removed).
public struct ChangeCategoryRequest: ChatCommand {
    public typealias Reply = Empty
    public static let name = "changeCategory"
    public var room: ChatRoomURI
    public var category: CategoryURI
    public init(room: ChatRoomURI, category: CategoryURI) {
        self.room = room
        self.category = category
    }
}

/// Categories in which the caller may create rooms.
public struct FindCategoriesWithCreateRightsRequest: DataFreeCommand {
    public typealias Reply = CategoryListReply
    public static let name = "findCategoriesWithCreateRights"
    public init() {}
}

/// Categories.
public struct CategoryListReply: Codable, Sendable, Equatable {
    public var categories: [CategorySummaryPayload]
    public init(categories: [CategorySummaryPayload]) { self.categories = categories }
}

/// Rooms of a category that the caller may see.
public struct FindRoomsByCategoryRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "findRoomsByCategory"
    public var category: CategoryURI
    public init(category: CategoryURI) { self.category = category }
}

/// Principals that may be given `role` on a room, whose names contain `search`.
public struct FindPrincipalsForRoleRequest: ChatCommand {
    public typealias Reply = PrincipalListReply
    public static let name = "findPrincipalsForRole"
    public var role: ChatRoomRole
    public var room: ChatRoomURI
    public var search: String
    public init(role: ChatRoomRole, room: ChatRoomURI, search: String) {
        self.role = role
        self.room = room
        self.search = search
    }
}

/// Add principals to, or remove them from, a role on a room.
public struct ChangeRoleRequest: ChatCommand {
    public typealias Reply = Empty
    public static let name = "changeRole"
    public enum Change: String, Codable, Sendable { case add, remove }
    public var change: Change
    public var role: ChatRoomRole
    public var room: ChatRoomURI
    /// SIP URIs or distinguished names.
    public var principals: [String]
    public init(_ change: Change, role: ChatRoomRole, room: ChatRoomURI, principals: [String]) {
        self.change = change
        self.role = role
        self.room = room
        self.principals = principals
    }
}

/// Who holds a role on a room (members, managers or presenters).
public struct GetRoleHoldersRequest: ChatCommand {
    public typealias Reply = RoleListReply
    public static let name = "getRoleHolders"
    public var role: ChatRoomRole
    public var room: ChatRoomURI
    public init(role: ChatRoomRole, room: ChatRoomURI) {
        self.role = role
        self.room = room
    }
}

/// Role holders.
public struct RoleListReply: Codable, Sendable, Equatable {
    public var holders: [RoleDescriptorPayload]
    public init(holders: [RoleDescriptorPayload]) { self.holders = holders }
}

/// Users eligible for the Creator role on a category, whose names start with `filter`.
public struct GetCategoryUsersRequest: ChatCommand {
    public typealias Reply = PrincipalListReply
    public static let name = "getCategoryUsers"
    public var category: CategoryURI
    public var filter: String
    public var resultSize: Int
    public init(category: CategoryURI, filter: String, resultSize: Int) {
        self.category = category
        self.filter = filter
        self.resultSize = resultSize
    }
}

/// The caller's permissions on a room.
public struct GetPermissionsRequest: ChatCommand {
    public typealias Reply = PermissionsReply
    public static let name = "getPermissions"
    public var room: ChatRoomURI
    public init(room: ChatRoomURI) { self.room = room }
}

/// A permission map.
public struct PermissionsReply: Codable, Sendable, Equatable {
    public var permissions: RoomPermissionMap
    public init(permissions: RoomPermissionMap) { self.permissions = permissions }
}
