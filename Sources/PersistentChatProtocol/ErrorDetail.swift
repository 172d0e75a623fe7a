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
    public static let noSuchCategory = ErrorDetail(rawValue: "category.noSuchCategory")
    public static let rootCategory = ErrorDetail(rawValue: "category.root")
    public static let noCreateRights = ErrorDetail(rawValue: "category.noCreateRights")
    public static let duplicateRoomName = ErrorDetail(rawValue: "room.duplicateName")
    public static let notManager = ErrorDetail(rawValue: "room.notManager")
    public static let membershipRemoved = ErrorDetail(rawValue: "room.membershipRemoved")
    public static let creatorNotAssignable = ErrorDetail(rawValue: "role.creatorNotAssignable")
    public static let presenterNotMember = ErrorDetail(rawValue: "role.presenterNotMember")
    public static let principalNotInScope = ErrorDetail(rawValue: "role.principalNotInScope")
    public static let principalAlreadyHoldsRole = ErrorDetail(rawValue: "role.alreadyHeld")
    public static let noSuchPrincipal = ErrorDetail(rawValue: "principal.noSuchPrincipal")
    public static let notSystemUser = ErrorDetail(rawValue: "user.notSystemUser")
    public static let notAGroup = ErrorDetail(rawValue: "principal.notAGroup")

    // History, preferences, files.
    public static let noSearchableTerms = ErrorDetail(rawValue: "search.noSearchableTerms")
    public static let staleSequence = ErrorDetail(rawValue: "preference.staleSequence")
    public static let filePostNotAllowed = ErrorDetail(rawValue: "file.postNotAllowed")
    public static let fileTooLarge = ErrorDetail(rawValue: "file.tooLarge")
    public static let invalidToken = ErrorDetail(rawValue: "file.invalidToken")
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
