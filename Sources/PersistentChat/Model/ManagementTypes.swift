import Foundation

/// A principal as listed in roles and searches (Lync `PersistentChatPrincipalSummary`).
public typealias PersistentChatPrincipalSummary = PrincipalSummaryPayload
/// A role entry with who granted it (Lync `PersistentChatRoleDescriptor`).
public typealias PersistentChatRoleDescriptor = RoleDescriptorPayload
/// A category as users see it (Lync `ChatRoomCategorySummary`).
public typealias ChatRoomCategorySummary = CategorySummaryPayload
/// A user in full (Lync `PersistentChatUser`).
public typealias PersistentChatUser = UserPayload
/// A directory group (Lync `PersistentChatUserGroup`).
public typealias PersistentChatUserGroup = UserGroupPayload
/// An opaque per-user settings blob (Lync `PersistentChatPreferenceBundle`).
public typealias PersistentChatPreferenceBundle = PreferenceBundlePayload
/// A history search (Lync `ChatHistoryQueryOptions`).
public typealias ChatHistoryQueryOptions = HistoryQueryPayload
/// An add-in registered on the server (Lync `PersistentChatAddIn`): `id`, `name` and the page's `url`.
public typealias PersistentChatAddIn = AddInPayload

/// Who changed something and when (Lync `AuditData`).
public struct AuditData: Sendable, Equatable {
    /// Who created it (a SIP URI; empty when it came from configuration).
    public var createdBy: String
    /// When it was created.
    public var createdOn: Date
    /// Who changed it last.
    public var updatedBy: String
    /// When it was changed last.
    public var updatedOn: Date
}

/// A room's invitation setting with the category's (Lync `InheritedChatRoomInviteProperty`).
public struct InheritedChatRoomInviteProperty: Sendable, Equatable {
    /// The room's own setting.
    public var localValue: ChatRoomInvitationSetting
    /// The category's setting.
    public var inheritedValue: Bool
    /// Whether invitations go out: the category's setting, unless the room turns them off.
    public var value: Bool { inheritedValue && localValue == .inherit }

    public init(localValue: ChatRoomInvitationSetting, inheritedValue: Bool) {
        self.localValue = localValue
        self.inheritedValue = inheritedValue
    }
}

/// A room's full settings (Lync `ChatRoom`).
public struct ChatRoom: Sendable, Equatable {
    /// The room's server-made, stable URI.
    public var chatRoomUri: ChatRoomURI
    /// Unique among rooms, ignoring case.
    public var name: String
    public var description: String
    /// The category the room is in, with its name and description.
    public var parentCategoryUri: CategoryURI
    public var parentCategoryName: String
    public var parentCategoryDescription: String
    public var privacy: ChatRoomPrivacy
    /// Only presenters post.
    public var isAuditorium: Bool
    /// Disabled rooms cannot be joined and are hidden; their managers can enable them again.
    public var isDisabled: Bool
    /// Whether the category allows file posts.
    public var isFilePostAllowed: Bool
    /// Whether the category keeps history.
    public var isLogged: Bool
    /// The room's invitation setting and the category's.
    public var sendInvitationsToMembers: InheritedChatRoomInviteProperty
    /// Who created and last changed the room, and when.
    public var changeHistory: AuditData
    /// The add-in clients show beside the room; nil when it has none.
    public var addIn: PersistentChatAddIn?

    /// The summary used to join.
    public var summary: ChatRoomSummary { ChatRoomSummary(chatRoomUri: chatRoomUri, name: name, description: description) }

    init(_ payload: ChatRoomPayload) {
        chatRoomUri = payload.uri
        name = payload.name
        description = payload.description
        parentCategoryUri = payload.category.uri
        parentCategoryName = payload.category.name
        parentCategoryDescription = payload.category.description
        privacy = payload.privacy
        isAuditorium = payload.behavior == .auditorium
        isDisabled = payload.disabled
        isFilePostAllowed = payload.category.fileUpload
        isLogged = payload.category.history
        sendInvitationsToMembers = InheritedChatRoomInviteProperty(localValue: payload.invitations,
                                                                   inheritedValue: payload.category.invitations)
        changeHistory = AuditData(
            createdBy: payload.createdBy, createdOn: Date(millisecondsSince1970: payload.createdOn),
            updatedBy: payload.updatedBy, updatedOn: Date(millisecondsSince1970: payload.updatedOn))
        addIn = payload.addIn
    }
}

/// The settings of a room to create (Lync `ChatRoomSettings`). New rooms are closed unless `visibleOnlyToMembers`.
public struct ChatRoomSettings: Sendable, Equatable {
    /// Required; unique among rooms, ignoring case; at most 256 characters.
    public var name: String
    /// Required; a category where the caller holds the Creator role (never the root).
    public var parentCategoryUri: CategoryURI
    public var description = ""
    /// Only presenters will post.
    public var isAuditorium = false
    /// Create the room disabled.
    public var isDisabled = false
    /// Make the room secret (else closed).
    public var visibleOnlyToMembers = false
    /// Overrides `visibleOnlyToMembers` (an extension: Lync sets privacy through an update afterwards).
    public var privacy: ChatRoomPrivacy?
    public var sendInvitationsToMembers: ChatRoomInvitationSetting = .inherit
    /// Extra members besides the creator (SIP URIs or distinguished names).
    public var members: [String] = []
    /// The room's add-in, one of ``PersistentChatServices/getAllAddIns()``; nil for none.
    public var addIn: PersistentChatAddIn?

    /// Settings with Lync's defaults: closed, normal, enabled, invitations inherited.
    public init(name: String, parentCategoryUri: CategoryURI) {
        self.name = name
        self.parentCategoryUri = parentCategoryUri
    }
}

/// A room's changeable settings, starting from its current ones (Lync `ChatRoomInformation`).
public struct ChatRoomInformation: Sendable, Equatable {
    /// The room to change.
    public let chatRoomUri: ChatRoomURI
    /// Read-only here: move rooms with ``ChatRoomManagementServices/changeParentCategory(_:to:)``.
    public let parentCategoryUri: CategoryURI
    /// As read.
    public let changeHistory: AuditData
    public var name: String
    public var description: String
    public var privacy: ChatRoomPrivacy
    public var isAuditorium: Bool
    public var isDisabled: Bool
    public var sendInvitationsToMembers: ChatRoomInvitationSetting
    /// The room's add-in, one of ``PersistentChatServices/getAllAddIns()``; nil removes it. Never assigned, it is left
    /// as it is (a room whose add-in is no longer registered keeps its name for when it is again).
    public var addIn: PersistentChatAddIn? { didSet { addInAssigned = true } }
    /// Whether ``addIn`` was assigned since the room was read: only then does an update send it.
    private(set) var addInAssigned = false

    /// The room's current settings, ready to change and pass to ``ChatRoomManagementServices/updateChatRoom(_:members:managers:presenters:)``.
    public init(_ room: ChatRoom) {
        chatRoomUri = room.chatRoomUri
        parentCategoryUri = room.parentCategoryUri
        changeHistory = room.changeHistory
        name = room.name
        description = room.description
        privacy = room.privacy
        isAuditorium = room.isAuditorium
        isDisabled = room.isDisabled
        sendInvitationsToMembers = room.sendInvitationsToMembers.localValue
        addIn = room.addIn
        addInAssigned = false
    }

    /// What `updateRoom` sends for the add-in: nil (unchanged) unless it was assigned; "" removes it.
    var addInChange: String? {
        addInAssigned ? addIn?.name ?? "" : nil
    }
}

/// An invitation to a room (Lync `ChatRoomInvitation`).
public struct ChatRoomInvitation: Sendable, Equatable {
    /// Sequential per user; page with ``PersistentChatServices/browseChatRoomsByInvitations(since:)``.
    public var invId: Int
    public var chatRoomSnapshot: ChatRoomSnapshot
    public var createdOn: Date
    /// Who made the change that made this user a member (the room's creator or a manager), when the server says.
    public var invitedBy: SIPURI?

    init(_ payload: InvitationPayload) {
        invId = payload.id
        chatRoomSnapshot = ChatRoomSnapshot(payload.room)
        createdOn = Date(millisecondsSince1970: payload.createdOn)
        invitedBy = payload.invitedBy.flatMap(SIPURI.init)
    }
}

/// One room's history search result (Lync `ChatHistoryResult`).
public struct ChatHistoryResult: Sendable, Equatable {
    public var chatRoomUri: ChatRoomURI
    public var chatRoomName: String
    public var messages: [ChatMessage]
    /// More matches exist: query again with `startingMessageId` set to the last message id in search order.
    public var exceededServerLimit: Bool
    public var searchResultsCount: Int

    init(_ payload: HistoryResultPayload) {
        chatRoomUri = payload.room
        chatRoomName = payload.roomName
        messages = payload.messages.map(ChatMessage.init)
        exceededServerLimit = payload.exceededServerLimit
        searchResultsCount = payload.searchResultsCount
    }
}
