import Foundation

/// What kind of directory object a principal is (Lync `PersistentChatPrincipalType`).
public enum PersistentChatPrincipalType: String, Codable, Sendable, CaseIterable {
    case localUser, directoryGroup, directoryFolder, domain
}

/// A principal as listed in roles, scopes and searches (Lync `PersistentChatPrincipalSummary`).
public struct PrincipalSummaryPayload: Codable, Sendable, Hashable {
    /// How role lists name it: the SIP URI for users, the distinguished name otherwise.
    public var reference: String
    /// The entry's common name.
    public var name: String
    public var displayName: String
    public var type: PersistentChatPrincipalType
    /// The distinguished name.
    public var adPath: String?
    public var entityGuid: UUID?
    /// The SIP URI, for users.
    public var uri: SIPURI?

    public init(reference: String, name: String, displayName: String, type: PersistentChatPrincipalType,
                adPath: String?, entityGuid: UUID?, uri: SIPURI?) {
        self.reference = reference
        self.name = name
        self.displayName = displayName
        self.type = type
        self.adPath = adPath
        self.entityGuid = entityGuid
        self.uri = uri
    }
}

/// A principal holding a role, with who granted it and when (Lync `PersistentChatRoleDescriptor`).
public struct RoleDescriptorPayload: Codable, Sendable, Equatable {
    public var principal: PrincipalSummaryPayload
    public var addedBy: String
    /// Milliseconds since 1970; 0 when set by configuration.
    public var addedOn: Int64
    public init(principal: PrincipalSummaryPayload, addedBy: String, addedOn: Int64) {
        self.principal = principal
        self.addedBy = addedBy
        self.addedOn = addedOn
    }
}

/// Principals found by a search.
public struct PrincipalListReply: Codable, Sendable, Equatable {
    public var principals: [PrincipalSummaryPayload]
    /// True when the search was cut at its limit.
    public var moreAvailable: Bool
    public init(principals: [PrincipalSummaryPayload], moreAvailable: Bool = false) {
        self.principals = principals
        self.moreAvailable = moreAvailable
    }
}

/// A user in full (Lync `PersistentChatUser`).
public struct UserPayload: Codable, Sendable, Equatable {
    public var summary: PrincipalSummaryPayload
    public var email: String?
    public var companyName: String?
    public var isDisabled: Bool
    /// Groups (nested), OUs and the domain the user belongs to.
    public var memberOf: [PrincipalSummaryPayload]
    public init(summary: PrincipalSummaryPayload, email: String?, companyName: String?, isDisabled: Bool,
                memberOf: [PrincipalSummaryPayload]) {
        self.summary = summary
        self.email = email
        self.companyName = companyName
        self.isDisabled = isDisabled
        self.memberOf = memberOf
    }
}

/// A directory group in full (Lync `PersistentChatUserGroup`).
public struct UserGroupPayload: Codable, Sendable, Equatable {
    public var summary: PrincipalSummaryPayload
    public var memberOf: [PrincipalSummaryPayload]
    public init(summary: PrincipalSummaryPayload, memberOf: [PrincipalSummaryPayload]) {
        self.summary = summary
        self.memberOf = memberOf
    }
}

/// Find users whose last name, first name or e-mail contains the given text (any field may match).
public struct FindUsersRequest: ChatCommand {
    public typealias Reply = PrincipalListReply
    public static let name = "findUsers"
    public var lastName: String?
    public var firstName: String?
    public var email: String?
    public init(lastName: String? = nil, firstName: String? = nil, email: String? = nil) {
        self.lastName = lastName
        self.firstName = firstName
        self.email = email
    }
}

/// Get a user: yourself, or anyone when you are a system user.
public struct GetUserRequest: ChatCommand {
    public typealias Reply = UserPayload
    public static let name = "getUser"
    public var user: SIPURI
    public init(user: SIPURI) { self.user = user }
}

/// Get a directory group (system users only).
public struct GetUserGroupRequest: ChatCommand {
    public typealias Reply = UserGroupPayload
    public static let name = "getUserGroup"
    /// The group's distinguished name.
    public var group: String
    public init(group: String) { self.group = group }
}
