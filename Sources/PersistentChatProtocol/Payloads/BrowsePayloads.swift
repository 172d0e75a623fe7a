/// Browse with filters (Lync `BrowseChatRoomsByFilterCriteria`): a nil filter does not filter.
public struct BrowseFilterRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "browseFiltered"
    public var searchTerms: String?
    public var searchDescription: Bool
    /// Rooms where this principal (SIP URI or DN) is a member / manager.
    public var member: String?
    public var manager: String?
    public var category: CategoryURI?
    /// Disabled rooms instead of enabled ones (disabled rooms are listed to their managers only).
    public var disabled: Bool
    public var privacy: ChatRoomPrivacy?
    public var behavior: ChatRoomBehavior?
    /// Effective invitation setting to match; applied only when `searchInvitations`.
    public var invitations: Bool?
    public var searchInvitations: Bool
    /// Nil or negative: all.
    public var maxResults: Int?

    public init(searchTerms: String? = nil, searchDescription: Bool = false, member: String? = nil, manager: String? = nil,
                category: CategoryURI? = nil, disabled: Bool = false, privacy: ChatRoomPrivacy? = nil,
                behavior: ChatRoomBehavior? = nil, invitations: Bool? = nil, searchInvitations: Bool = false,
                maxResults: Int? = nil) {
        self.searchTerms = searchTerms
        self.searchDescription = searchDescription
        self.member = member
        self.manager = manager
        self.category = category
        self.disabled = disabled
        self.privacy = privacy
        self.behavior = behavior
        self.invitations = invitations
        self.searchInvitations = searchInvitations
        self.maxResults = maxResults
    }

    enum CodingKeys: String, CodingKey {
        case searchTerms, searchDescription, member, manager, category, disabled, privacy, behavior, invitations
        case searchInvitations, maxResults
    }

    /// Every key is optional on the wire.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        searchTerms = try c.decodeIfPresent(String.self, forKey: .searchTerms)
        searchDescription = try c.decodeIfPresent(Bool.self, forKey: .searchDescription) ?? false
        member = try c.decodeIfPresent(String.self, forKey: .member)
        manager = try c.decodeIfPresent(String.self, forKey: .manager)
        category = try c.decodeIfPresent(CategoryURI.self, forKey: .category)
        disabled = try c.decodeIfPresent(Bool.self, forKey: .disabled) ?? false
        privacy = try c.decodeIfPresent(ChatRoomPrivacy.self, forKey: .privacy)
        behavior = try c.decodeIfPresent(ChatRoomBehavior.self, forKey: .behavior)
        invitations = try c.decodeIfPresent(Bool.self, forKey: .invitations)
        searchInvitations = try c.decodeIfPresent(Bool.self, forKey: .searchInvitations) ?? false
        maxResults = try c.decodeIfPresent(Int.self, forKey: .maxResults)
    }
}

/// Rooms of one category that the caller may see.
public struct BrowseCategoryRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "browseCategory"
    public var category: CategoryURI
    public var maxResults: Int?
    public init(category: CategoryURI, maxResults: Int? = nil) {
        self.category = category
        self.maxResults = maxResults
    }
}

/// Rooms a user is joined to right now, as far as the caller may see them.
public struct BrowseJoinedUserRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "browseJoinedUser"
    public var user: SIPURI
    public init(user: SIPURI) { self.user = user }
}

/// Rooms the caller is a member of (`relation: .member`) or manages (`relation: .manager`).
public struct BrowseMyRoomsRequest: ChatCommand {
    public typealias Reply = BrowseReply
    public static let name = "browseMyRooms"
    /// How the caller relates to the rooms wanted.
    public enum Relation: String, Codable, Sendable { case member, manager }
    public var relation: Relation
    public var maxResults: Int?
    public init(_ relation: Relation, maxResults: Int? = nil) {
        self.relation = relation
        self.maxResults = maxResults
    }
}

/// An invitation to a room (Lync `ChatRoomInvitation`).
public struct InvitationPayload: Codable, Sendable, Equatable {
    /// Sequential per user.
    public var id: Int
    public var room: RoomSnapshotPayload
    /// Milliseconds since 1970.
    public var createdOn: Int64
    /// The SIP URI of whoever made the change that made the user a member (not in Lync's invitation; optional).
    public var invitedBy: String?
    public init(id: Int, room: RoomSnapshotPayload, createdOn: Int64, invitedBy: String? = nil) {
        self.id = id
        self.room = room
        self.createdOn = createdOn
        self.invitedBy = invitedBy
    }
}

/// The caller's invitations with ids above `since`.
public struct BrowseInvitationsRequest: ChatCommand {
    public typealias Reply = InvitationsReply
    public static let name = "browseInvitations"
    public var since: Int
    public init(since: Int) { self.since = since }
}

/// Invitations, oldest first, and the highest id returned (or `since` when none).
public struct InvitationsReply: Codable, Sendable, Equatable {
    public var invitations: [InvitationPayload]
    public var lastInviteId: Int
    public init(invitations: [InvitationPayload], lastInviteId: Int) {
        self.invitations = invitations
        self.lastInviteId = lastInviteId
    }
}

/// A room's settings changed: the changed properties' old and new values, by name
/// (`name`, `description`, `privacy`, `behavior`, `invitations`, `disabled`, `category`, `addIn`: the add-in's name, empty
/// for none).
public struct RoomChangedNotice: Codable, Sendable, Equatable {
    public var room: ChatRoomURI
    public var old: [String: String]
    public var new: [String: String]
    public init(room: ChatRoomURI, old: [String: String], new: [String: String]) {
        self.room = room
        self.old = old
        self.new = new
    }
}
