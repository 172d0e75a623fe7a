/// The Lync Persistent Chat error codes, carried by every failed reply.
///
/// Raw values match the SDK's `PersistentChatErrorCode`; on the wire the case name is sent.
public enum PersistentChatErrorCode: Int, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case databaseConnection = 0
    case dataCollision = 1
    case duplicateRoomName = 2
    case invalidArgument = 3
    case cannotGetParticipantList = 4
    case limitExceeded = 5
    case msgNotSupported = 6
    case nodeDisabled = 7
    case nodeHierarchyViolation = 8
    case errorPermission = 9
    case noSuchNode = 10
    case noSuchPrincipal = 11
    case unableToCreateRoom = 12
    case unknownServerError = 13
    case userNotJoined = 14
    case fileDownloadFailed = 15
    case fileUploadFailed = 16
    case invalidFlowOfOperations = 17
    case invalidToken = 18
    case serverError = 19
    case commandFailed = 20
    case principalsAlreadyDefined = 21
    case principalsNotInScope = 22
    case presenterNotInMemList = 23
    case duplicateAddinName = 24

    /// The Lync name of the code, e.g. `ErrorPermission`.
    public var name: String {
        switch self {
        case .databaseConnection: "DatabaseConnection"
        case .dataCollision: "DataCollision"
        case .duplicateRoomName: "DuplicateRoomName"
        case .invalidArgument: "InvalidArgument"
        case .cannotGetParticipantList: "CannotGetParticipantList"
        case .limitExceeded: "LimitExceeded"
        case .msgNotSupported: "MsgNotSupported"
        case .nodeDisabled: "NodeDisabled"
        case .nodeHierarchyViolation: "NodeHierarchyViolation"
        case .errorPermission: "ErrorPermission"
        case .noSuchNode: "NoSuchNode"
        case .noSuchPrincipal: "NoSuchPrincipal"
        case .unableToCreateRoom: "UnableToCreateRoom"
        case .unknownServerError: "UnknownServerError"
        case .userNotJoined: "UserNotJoined"
        case .fileDownloadFailed: "FileDownloadFailed"
        case .fileUploadFailed: "FileUploadFailed"
        case .invalidFlowOfOperations: "InvalidFlowOfOperations"
        case .invalidToken: "InvalidToken"
        case .serverError: "ServerError"
        case .commandFailed: "CommandFailed"
        case .principalsAlreadyDefined: "PrincipalsAlreadyDefined"
        case .principalsNotInScope: "PrincipalsNotInScope"
        case .presenterNotInMemList: "PresenterNotInMemList"
        case .duplicateAddinName: "DuplicateAddinName"
        }
    }

    /// Looks a code up by its Lync name.
    public init?(name: String) {
        guard let code = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = code
    }

    public var description: String { name }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let name = try container.decode(String.self)
        guard let code = PersistentChatErrorCode(name: name) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "unknown PersistentChatErrorCode '\(name)'")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(name)
    }
}
