/// The minimum needed to name and join a room.
public struct ChatRoomSummary: Sendable, Equatable, Hashable {
    public var chatRoomUri: ChatRoomURI
    public var name: String
    public var description: String

    public init(chatRoomUri: ChatRoomURI, name: String, description: String = "") {
        self.chatRoomUri = chatRoomUri
        self.name = name
        self.description = description
    }
}

/// A room as returned by browse: its summary plus settings and how many sessions are joined.
public struct ChatRoomSnapshot: Sendable, Equatable {
    public var chatRoomUri: ChatRoomURI
    public var name: String
    public var description: String
    public var parentCategoryUri: CategoryURI
    public var parentCategoryName: String
    public var privacy: ChatRoomPrivacy
    public var behavior: ChatRoomBehavior
    public var numberOfParticipants: Int
    /// The add-in clients show beside the room (Lync `AddIn`); nil when it has none.
    public var addIn: PersistentChatAddIn?

    /// The summary to join with.
    public var summary: ChatRoomSummary { ChatRoomSummary(chatRoomUri: chatRoomUri, name: name, description: description) }
    public var isAuditorium: Bool { behavior == .auditorium }

    init(_ payload: RoomSnapshotPayload) {
        chatRoomUri = payload.uri
        name = payload.name
        description = payload.description
        parentCategoryUri = payload.category
        parentCategoryName = payload.categoryName
        privacy = payload.privacy
        behavior = payload.behavior
        numberOfParticipants = payload.participants
        addIn = payload.addIn
    }
}

/// Someone joined to a room.
public struct ChatRoomParticipant: Sendable, Equatable, Hashable {
    public var sipUri: SIPURI
    public var name: String
    public var isManager: Bool
    public var isPresenter: Bool

    init(_ payload: ParticipantPayload) {
        sipUri = payload.uri
        name = payload.displayName
        isManager = payload.isManager
        isPresenter = payload.isPresenter
    }
}

/// The server's configuration (Lync `PersistentChatServerConfiguration`).
public struct PersistentChatServerConfiguration: Sendable, Equatable {
    public var domainName: String
    public var displayName: String
    public var serverTimeUtc: Date
    public var rootCategoryUri: CategoryURI
    /// Largest message in UTF-8 bytes.
    public var messageSizeLimit: Int
    public var storySizeLimit: Int
    public var searchLimit: Int
    /// Messages sent with a join by default.
    public var defaultChatHistory: Int
    public var databaseVersion: String
    /// Largest file an upload may carry, in bytes.
    public var fileSizeLimit: Int
    /// Joined sessions above which a room stops reporting its roster.
    public var participantUpdateLimit: Int
    /// The web client's room management view; a room's page is this, `/`, and the room's URI percent-encoded. Nil
    /// when the server does not know the address clients reach it at.
    public var roomManagementUrl: URL?

    init(_ info: ServerInfo) {
        domainName = info.domain
        displayName = info.displayName
        serverTimeUtc = Date(millisecondsSince1970: info.serverTime)
        rootCategoryUri = info.rootCategory
        messageSizeLimit = info.messageSizeLimit
        storySizeLimit = info.storySizeLimit
        searchLimit = info.searchLimit
        defaultChatHistory = info.defaultChatHistory
        databaseVersion = info.databaseVersion
        fileSizeLimit = info.fileSizeLimit
        participantUpdateLimit = info.participantUpdateLimit
        roomManagementUrl = info.roomManagementUrl.flatMap(URL.init(string:))
    }
}

import Foundation
