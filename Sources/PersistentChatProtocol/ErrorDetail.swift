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
    public static let identityAccountDisabled = ErrorDetail(rawValue: "identity.accountDisabled")
    public static let identityOutsideBase = ErrorDetail(rawValue: "identity.outsideBase")
    /// The LDAP directory cannot be reached: nobody signs in until it answers (sessions already established go on).
    public static let identityDirectoryUnavailable = ErrorDetail(rawValue: "identity.directoryUnavailable")
    /// A directory reload moved the signed-in user to another DN: their sessions ended; they may sign in again.
    public static let identityMoved = ErrorDetail(rawValue: "identity.moved")
    /// Too many failed sign-ins from this address (or for this account from it): wait `retryAfterMs`, then try again.
    public static let identityThrottled = ErrorDetail(rawValue: "identity.throttled")
    /// A session token that is unknown, expired, revoked or another user's (`InvalidToken`).
    public static let identityInvalidSessionToken = ErrorDetail(rawValue: "identity.invalidSessionToken")

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
    /// No add-in of that name is registered in server.yaml.
    public static let noSuchAddIn = ErrorDetail(rawValue: "addIn.noSuchAddIn")

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

    // Quotas per user (`LimitExceeded`; the message says when to try again).
    /// Too many posts in a short time (`limits.per_user.posts_per_second`, `post_burst`).
    public static let quotaPosts = ErrorDetail(rawValue: "quota.posts")
    /// Too many rooms created in the last hour (`limits.per_user.rooms_per_hour`).
    public static let quotaRoomCreations = ErrorDetail(rawValue: "quota.roomCreations")
    /// Too many searches across rooms in the last minute (`limits.per_user.searches_per_minute`).
    public static let quotaSearches = ErrorDetail(rawValue: "quota.searches")
    /// The user keeps as many preference bundles as allowed (`limits.per_user.preference_labels`).
    public static let quotaPreferenceLabels = ErrorDetail(rawValue: "quota.preferenceLabels")
    /// The preference bundle is larger than allowed (`limits.per_user.preference_size`).
    public static let quotaPreferenceSize = ErrorDetail(rawValue: "quota.preferenceSize")
    /// The user holds as many upload tokens as allowed (`limits.per_user.upload_tokens`).
    public static let quotaUploadTokens = ErrorDetail(rawValue: "quota.uploadTokens")
    /// The user holds as many download tokens as allowed (`limits.per_user.download_tokens`).
    public static let quotaDownloadTokens = ErrorDetail(rawValue: "quota.downloadTokens")
}

/// The failure part of a reply: the Lync code, a stable detail, and a message for people.
public struct ErrorPayload: Codable, Sendable, Equatable, Error {
    public var code: PersistentChatErrorCode
    public var detail: ErrorDetail
    public var message: String
    /// Milliseconds to wait before trying again (sent with `identity.throttled` and the `quota.*` details); absent otherwise.
    public var retryAfterMs: Int?

    public init(_ code: PersistentChatErrorCode, _ detail: ErrorDetail, _ message: String, retryAfterMs: Int? = nil) {
        self.code = code
        self.detail = detail
        self.message = message
        self.retryAfterMs = retryAfterMs
    }
}
