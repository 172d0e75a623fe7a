/// A finer, stable reason attached to a failed reply, so callers never match message text.
///
/// Several details share one ``PersistentChatErrorCode``: every refused identity is
/// `ErrorPermission` or `NoSuchPrincipal`, but each has its own detail.
public struct ErrorDetail: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    // Identity (establish).
    public static let identityInvalidURI = ErrorDetail(rawValue: "identity.invalidURI")
    public static let identityUnknownURI = ErrorDetail(rawValue: "identity.unknownURI")
    public static let identityWrongPassword = ErrorDetail(rawValue: "identity.wrongPassword")
    public static let identityContactObject = ErrorDetail(rawValue: "identity.contactObject")
    public static let identityConfigurationPartition = ErrorDetail(rawValue: "identity.configurationPartition")
    public static let identityNotAUser = ErrorDetail(rawValue: "identity.notAUser")
    public static let identityNotInDomain = ErrorDetail(rawValue: "identity.notInDomain")
    public static let identityUserDisabled = ErrorDetail(rawValue: "identity.userDisabled")

    // Protocol.
    public static let malformedFrame = ErrorDetail(rawValue: "protocol.malformedFrame")
    public static let unknownCommand = ErrorDetail(rawValue: "protocol.unknownCommand")
    public static let unsupportedVersion = ErrorDetail(rawValue: "protocol.unsupportedVersion")
    public static let notEstablished = ErrorDetail(rawValue: "protocol.notEstablished")
    public static let alreadyEstablished = ErrorDetail(rawValue: "protocol.alreadyEstablished")
    public static let frameTooLarge = ErrorDetail(rawValue: "protocol.frameTooLarge")

    // Rooms and messages.
    public static let noSuchRoom = ErrorDetail(rawValue: "room.noSuchRoom")
    public static let notInScope = ErrorDetail(rawValue: "room.notInScope")
    public static let membersOnly = ErrorDetail(rawValue: "room.membersOnly")
    public static let presentersOnly = ErrorDetail(rawValue: "room.presentersOnly")
    public static let alreadyJoined = ErrorDetail(rawValue: "room.alreadyJoined")
    public static let notJoined = ErrorDetail(rawValue: "room.notJoined")
    public static let roomDisabled = ErrorDetail(rawValue: "room.disabled")
    public static let messageTooLarge = ErrorDetail(rawValue: "message.tooLarge")
    public static let emptyMessage = ErrorDetail(rawValue: "message.empty")
    public static let invalidArgument = ErrorDetail(rawValue: "argument.invalid")
    public static let tooLong = ErrorDetail(rawValue: "argument.tooLong")
    public static let internalError = ErrorDetail(rawValue: "server.internal")

    // Room management.
    /// No category has that URI (or the caller is outside its scope).
    public static let noSuchCategory = ErrorDetail(rawValue: "category.noSuchCategory")
    /// Rooms never live in the root category (`NodeHierarchyViolation`).
    public static let rootCategory = ErrorDetail(rawValue: "category.root")
    /// The caller lacks the Creator role on the category.
    public static let noCreateRights = ErrorDetail(rawValue: "category.noCreateRights")
    /// Another room has that name (names are unique, ignoring case).
    public static let duplicateRoomName = ErrorDetail(rawValue: "room.duplicateName")
    /// Only the room's managers may change it.
    public static let notManager = ErrorDetail(rawValue: "room.notManager")
    /// The caller may no longer be in the room (their session ended).
    public static let membershipRemoved = ErrorDetail(rawValue: "room.membershipRemoved")
    /// A room that has managers must keep at least one.
    public static let lastManager = ErrorDetail(rawValue: "role.lastManager")
    /// Creator is a category role set by the administrator, not a room role.
    public static let creatorNotAssignable = ErrorDetail(rawValue: "role.creatorNotAssignable")
    /// A presenter must also be a member (`PresenterNotInMemList`).
    public static let presenterNotMember = ErrorDetail(rawValue: "role.presenterNotMember")
    /// The principal is outside the category's scope (`PrincipalsNotInScope`).
    public static let principalNotInScope = ErrorDetail(rawValue: "role.principalNotInScope")
    /// The principal already holds the role (`PrincipalsAlreadyDefined`).
    public static let principalAlreadyHoldsRole = ErrorDetail(rawValue: "role.alreadyHeld")
    /// The principal is not in the directory, or cannot sign in.
    public static let noSuchPrincipal = ErrorDetail(rawValue: "principal.noSuchPrincipal")
    /// Only system users may read other users and groups.
    public static let notSystemUser = ErrorDetail(rawValue: "user.notSystemUser")
    /// The principal is not a directory group.
    public static let notAGroup = ErrorDetail(rawValue: "principal.notAGroup")

    // History, preferences, files.
    /// The search text has no letter or digit to search for.
    public static let noSearchableTerms = ErrorDetail(rawValue: "search.noSearchableTerms")
    /// The preference bundle changed since the caller read it (`DataCollision`).
    public static let staleSequence = ErrorDetail(rawValue: "preference.staleSequence")
    /// The room's category does not allow file posts.
    public static let filePostNotAllowed = ErrorDetail(rawValue: "file.postNotAllowed")
    /// The file is over the server's file size limit.
    public static let fileTooLarge = ErrorDetail(rawValue: "file.tooLarge")
    /// A file-transfer token that is unknown or expired.
    public static let invalidToken = ErrorDetail(rawValue: "file.invalidToken")
    /// No file with that URI is visible to the caller.
    public static let noSuchFile = ErrorDetail(rawValue: "file.noSuchFile")
}

/// The failure part of a reply: the Lync code, a stable detail, and a message for people.
public struct ErrorPayload: Codable, Sendable, Equatable, Error {
    public var code: PersistentChatErrorCode
    public var detail: ErrorDetail
    public var message: String

    public init(_ code: PersistentChatErrorCode, _ detail: ErrorDetail, _ message: String) {
        self.code = code
        self.detail = detail
        self.message = message
    }
}
