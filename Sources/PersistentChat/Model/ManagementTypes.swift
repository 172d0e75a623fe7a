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

/// Who changed something and when (Lync `AuditData`).
public struct AuditData: Sendable, Equatable {
    public var createdBy: String
    public var createdOn: Date
    public var updatedBy: String
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
    public var chatRoomUri: ChatRoomURI
    public var name: String
    public var description: String
    public var parentCategoryUri: CategoryURI
    public var parentCategoryName: String
    public var parentCategoryDescription: String
    public var privacy: ChatRoomPrivacy
    public var isAuditorium: Bool
    public var isDisabled: Bool
    public var isFilePostAllowed: Bool
    public var isLogged: Bool
    public var sendInvitationsToMembers: InheritedChatRoomInviteProperty
    public var changeHistory: AuditData

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
            createdBy: payload.createdBy, createdOn: Date(timeIntervalSince1970: Double(payload.createdOn) / 1000),
            updatedBy: payload.updatedBy, updatedOn: Date(timeIntervalSince1970: Double(payload.updatedOn) / 1000))
    }
}

/// The settings of a room to create (Lync `ChatRoomSettings`). New rooms are closed unless `visibleOnlyToMembers`.
public struct ChatRoomSettings: Sendable, Equatable {
    public var name: String
    public var parentCategoryUri: CategoryURI
    public var description = ""
    public var isAuditorium = false
    public var isDisabled = false
    public var visibleOnlyToMembers = false
    /// Overrides `visibleOnlyToMembers` (an extension: Lync sets privacy through an update afterwards).
    public var privacy: ChatRoomPrivacy?
    public var sendInvitationsToMembers: ChatRoomInvitationSetting = .inherit
    /// Extra members besides the creator (SIP URIs or distinguished names).
    public var members: [String] = []

    public init(name: String, parentCategoryUri: CategoryURI) {
        self.name = name
        self.parentCategoryUri = parentCategoryUri
    }
}

/// A room's changeable settings, starting from its current ones (Lync `ChatRoomInformation`).
public struct ChatRoomInformation: Sendable, Equatable {
    public let chatRoomUri: ChatRoomURI
    public let parentCategoryUri: CategoryURI
    public let changeHistory: AuditData
    public var name: String
    public var description: String
    public var privacy: ChatRoomPrivacy
    public var isAuditorium: Bool
    public var isDisabled: Bool
    public var sendInvitationsToMembers: ChatRoomInvitationSetting

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
    }
}

/// An invitation to a room (Lync `ChatRoomInvitation`).
public struct ChatRoomInvitation: Sendable, Equatable {
    /// Sequential per user; page with ``PersistentChatServices/browseChatRoomsByInvitations(since:)``.
    public var invId: Int
    public var chatRoomSnapshot: ChatRoomSnapshot
    public var createdOn: Date

    init(_ payload: InvitationPayload) {
        invId = payload.id
        chatRoomSnapshot = ChatRoomSnapshot(payload.room)
        createdOn = Date(timeIntervalSince1970: Double(payload.createdOn) / 1000)
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
