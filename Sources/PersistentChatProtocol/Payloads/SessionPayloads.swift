/// The server's configuration as reported to clients (Lync `PersistentChatServerConfiguration`).
public struct ServerInfo: Codable, Sendable, Equatable {
    public var domain: String
    public var displayName: String
    /// Server time in milliseconds since 1970, for clock-skew correction.
    public var serverTime: Int64
    public var rootCategory: CategoryURI
    public var messageSizeLimit: Int
    public var storySizeLimit: Int
    public var searchLimit: Int
    public var defaultChatHistory: Int
    public var frameSizeLimit: Int
    public var databaseVersion: String
    public var protocolVersion: Int
    /// Largest uploaded file in bytes.
    public var fileSizeLimit: Int
    /// Joined sessions above which a room's roster goes quiet.
    public var participantUpdateLimit: Int
    /// The web client's room management view (Lync `RoomManagementUrl`); a room's page is this, `/`, and the room's
    /// URI percent-encoded. Absent when the server cannot tell the address clients reach it at.
    public var roomManagementUrl: String?

    public init(
        domain: String, displayName: String, serverTime: Int64, rootCategory: CategoryURI,
        messageSizeLimit: Int, storySizeLimit: Int, searchLimit: Int, defaultChatHistory: Int,
        frameSizeLimit: Int, databaseVersion: String, protocolVersion: Int = ProtocolLimits.version,
        fileSizeLimit: Int, participantUpdateLimit: Int, roomManagementUrl: String? = nil
    ) {
        self.roomManagementUrl = roomManagementUrl
        self.fileSizeLimit = fileSizeLimit
        self.participantUpdateLimit = participantUpdateLimit
        self.domain = domain
        self.displayName = displayName
        self.serverTime = serverTime
        self.rootCategory = rootCategory
        self.messageSizeLimit = messageSizeLimit
        self.storySizeLimit = storySizeLimit
        self.searchLimit = searchLimit
        self.defaultChatHistory = defaultChatHistory
        self.frameSizeLimit = frameSizeLimit
        self.databaseVersion = databaseVersion
        self.protocolVersion = protocolVersion
    }
}

/// A user as shown to others.
public struct PrincipalPayload: Codable, Sendable, Equatable, Hashable {
    public var uri: SIPURI
    public var displayName: String
    public init(uri: SIPURI, displayName: String) {
        self.uri = uri
        self.displayName = displayName
    }
}

/// A room as returned by browse and join (Lync `ChatRoomSnapshot`).
public struct RoomSnapshotPayload: Codable, Sendable, Equatable {
    public var uri: ChatRoomURI
    public var name: String
    public var description: String
    public var category: CategoryURI
    public var categoryName: String
    public var privacy: ChatRoomPrivacy
    public var behavior: ChatRoomBehavior
    /// Sessions currently joined.
    public var participants: Int
    /// The add-in the room's clients show beside it; absent when it has none (or names one no longer registered).
    public var addIn: AddInPayload?

    public init(
        uri: ChatRoomURI, name: String, description: String, category: CategoryURI, categoryName: String,
        privacy: ChatRoomPrivacy, behavior: ChatRoomBehavior, participants: Int, addIn: AddInPayload? = nil
    ) {
        self.addIn = addIn
        self.uri = uri
        self.name = name
        self.description = description
        self.category = category
        self.categoryName = categoryName
        self.privacy = privacy
        self.behavior = behavior
        self.participants = participants
    }
}

/// Browse rooms by words in their names (and descriptions).
public struct BrowseRequest: Codable, Sendable, Equatable {
    public var criteria: String
    public var searchDescription: Bool
    /// With several terms: every term must match (else any).
    public var matchAll: Bool
    /// Treat `criteria` as one phrase.
    public var matchExactPhrase: Bool
    /// Nil or negative: all.
    public var maxResults: Int?

    enum CodingKeys: String, CodingKey { case criteria, searchDescription, matchAll, matchExactPhrase, maxResults }

    /// Every key but `criteria` is optional on the wire (false / all).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        criteria = try c.decode(String.self, forKey: .criteria)
        searchDescription = try c.decodeIfPresent(Bool.self, forKey: .searchDescription) ?? false
        matchAll = try c.decodeIfPresent(Bool.self, forKey: .matchAll) ?? false
        matchExactPhrase = try c.decodeIfPresent(Bool.self, forKey: .matchExactPhrase) ?? false
        maxResults = try c.decodeIfPresent(Int.self, forKey: .maxResults)
    }

    public init(criteria: String, searchDescription: Bool = false, matchAll: Bool = false,
                matchExactPhrase: Bool = false, maxResults: Int? = nil) {
        self.criteria = criteria
        self.searchDescription = searchDescription
        self.matchAll = matchAll
        self.matchExactPhrase = matchExactPhrase
        self.maxResults = maxResults
    }
}

/// Rooms found by a browse.
public struct BrowseReply: Codable, Sendable, Equatable {
    public var rooms: [RoomSnapshotPayload]
    public init(rooms: [RoomSnapshotPayload]) { self.rooms = rooms }
}

/// Names a room by URI or by name (exactly one).
public struct RoomReference: Codable, Sendable, Equatable, CustomStringConvertible {
    public var uri: ChatRoomURI?
    public var name: String?

    public static func uri(_ uri: ChatRoomURI) -> RoomReference { RoomReference(uri: uri, name: nil) }
    public static func name(_ name: String) -> RoomReference { RoomReference(uri: nil, name: name) }

    public var description: String { uri?.description ?? name.map { "'\($0)'" } ?? "(no room)" }
}

/// Join a room, asking for the last `history` messages (nil: the server default).
public struct JoinRequest: Codable, Sendable, Equatable {
    public var room: RoomReference
    public var history: Int?
    public init(room: RoomReference, history: Int? = nil) {
        self.room = room
        self.history = history
    }
}

/// Someone joined to a room, as listed in its roster.
public struct ParticipantPayload: Codable, Sendable, Equatable, Hashable {
    public var uri: SIPURI
    public var displayName: String
    public var isManager: Bool
    public var isPresenter: Bool
    public init(uri: SIPURI, displayName: String, isManager: Bool, isPresenter: Bool) {
        self.uri = uri
        self.displayName = displayName
        self.isManager = isManager
        self.isPresenter = isPresenter
    }
}

/// The result of a join: the room, what the caller may do, who is there, recent history.
public struct JoinReply: Codable, Sendable, Equatable {
    public var room: RoomSnapshotPayload
    public var permissions: RoomPermissionMap
    public var participants: [ParticipantPayload]
    /// The room is over the participant update limit: no roster, no joins or leaves (ask `hiddenParticipants`).
    public var rosterHidden: Bool
    public var history: [ChatMessagePayload]
    public var filePostAllowed: Bool
    public var invitations: Bool
    public var logged: Bool

    public init(room: RoomSnapshotPayload, permissions: RoomPermissionMap, participants: [ParticipantPayload],
                rosterHidden: Bool = false, history: [ChatMessagePayload], filePostAllowed: Bool, invitations: Bool,
                logged: Bool) {
        self.room = room
        self.permissions = permissions
        self.participants = participants
        self.rosterHidden = rosterHidden
        self.history = history
        self.filePostAllowed = filePostAllowed
        self.invitations = invitations
        self.logged = logged
    }
}

/// Leave a joined room.
public struct LeaveRequest: Codable, Sendable, Equatable {
    public var room: ChatRoomURI
    public init(room: ChatRoomURI) { self.room = room }
}

/// Post a message to a joined room (sent as a `grpchat` frame).
public struct PostRequest: Codable, Sendable, Equatable {
    public var room: ChatRoomURI
    /// Chosen by the client; a retried post with the same id is stored once.
    public var clientMessageId: String?
    /// The plain text; with `parts`, the server replaces it by the parts' plain text.
    public var text: String
    public var alert: Bool
    /// Makes the message a story: this title, with `text` as its body (limited by the story size).
    public var storyTitle: String?
    /// Formatted content (text, hyperlinks, emoticons, room links).
    public var parts: [MessagePartPayload]?
    public init(room: ChatRoomURI, clientMessageId: String? = nil, text: String, alert: Bool = false,
                storyTitle: String? = nil, parts: [MessagePartPayload]? = nil) {
        self.room = room
        self.clientMessageId = clientMessageId
        self.text = text
        self.alert = alert
        self.storyTitle = storyTitle
        self.parts = parts
    }
}

/// The acknowledgement of a durable post.
public struct PostReply: Codable, Sendable, Equatable {
    public var messageId: Int64
    public var timestamp: Int64
    /// True when the client message id had been stored before (a retry).
    public var duplicate: Bool
    public init(messageId: Int64, timestamp: Int64, duplicate: Bool) {
        self.messageId = messageId
        self.timestamp = timestamp
        self.duplicate = duplicate
    }
}

/// The last `last` messages of a room.
public struct HistoryRequest: Codable, Sendable, Equatable {
    public var room: RoomReference
    public var last: Int
    /// When set, the last messages with an id below this one: the page before the oldest a client holds.
    public var before: Int64?
    public init(room: RoomReference, last: Int, before: Int64? = nil) {
        self.room = room
        self.last = last
        self.before = before
    }
}

/// Messages, oldest first.
public struct HistoryReply: Codable, Sendable, Equatable {
    public var messages: [ChatMessagePayload]
    public init(messages: [ChatMessagePayload]) { self.messages = messages }
}

/// A stored chat message (live delivery and history).
public struct ChatMessagePayload: Codable, Sendable, Equatable {
    /// Server-assigned, unique, increasing in every room.
    public var id: Int64
    public var room: ChatRoomURI
    public var roomName: String
    public var author: SIPURI
    public var text: String
    public var alert: Bool
    /// Milliseconds since 1970, server receipt time.
    public var ts: Int64
    public var clientMessageId: String?
    /// Set for stories; `text` is then the story's body.
    public var storyTitle: String?
    /// Set for formatted messages; `text` is their plain text.
    public var parts: [MessagePartPayload]?

    public init(id: Int64, room: ChatRoomURI, roomName: String, author: SIPURI, text: String, alert: Bool,
                ts: Int64, clientMessageId: String?, storyTitle: String? = nil, parts: [MessagePartPayload]? = nil) {
        self.storyTitle = storyTitle
        self.parts = parts
        self.id = id
        self.room = room
        self.roomName = roomName
        self.author = author
        self.text = text
        self.alert = alert
        self.ts = ts
        self.clientMessageId = clientMessageId
    }
}

/// A room's roster changed.
public struct ParticipantNotice: Codable, Sendable, Equatable {
    public var room: ChatRoomURI
    public var participant: ParticipantPayload
    public init(room: ChatRoomURI, participant: ParticipantPayload) {
        self.room = room
        self.participant = participant
    }
}

/// The server ended the caller's session in a room.
public struct SessionEndedNotice: Codable, Sendable, Equatable {
    public var room: ChatRoomURI
    public var reason: ErrorPayload
    public init(room: ChatRoomURI, reason: ErrorPayload) {
        self.room = room
        self.reason = reason
    }
}
