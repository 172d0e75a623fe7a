import PersistentChatDirectory
import PersistentChatProtocol

/// Decides what a user may do in a room, following the Lync rules for scope, roles, privacy and auditoriums.
struct AccessControl: Sendable {
    /// The directory in force; a reload swaps it, so each decision reads it once.
    let directories: DirectoryHolder

    /// The directory as it is now.
    var directory: Directory { directories.current }

    /// Whether any of `principals` includes `user` (a SIP URI, the user's DN, a group they belong to, or an OU or domain above them).
    func includes(_ principals: [PrincipalReference], _ user: DirectoryEntry) -> Bool {
        let directory = directory
        return principals.contains { directory.principal($0, includes: user) }
    }

    /// Whether a directory object (a user, or a group, OU or domain given a role) is in the category's scope
    /// (an empty scope admits everything in the directory).
    func inScope(_ category: ChatCategory, _ entry: DirectoryEntry) -> Bool {
        category.scope.isEmpty || includes(category.scope, entry) || category.scope.contains(.dn(entry.dn))
    }

    /// Every SIP-enabled user a principal covers.
    func users(coveredBy principal: PrincipalReference) -> [DirectoryEntry] {
        let directory = directory
        return directory.allEntries.filter { entry in
            directory.canSignIn(entry) && directory.principal(principal, includes: entry)
        }
    }

    /// The caller's permission map for `room`: empty while the directory has expired (an LDAP directory not read for
    /// longer than `cache_lifetime`), as rights can no longer be told.
    func permissions(of user: DirectoryEntry, in room: ChatRoomRecord, category: ChatCategory) -> RoomPermissionMap {
        guard !room.disabled, !directories.isExpired, inScope(category, user) else { return [] }
        let member = includes(room.members, user)
        let manager = includes(room.managers, user)
        let presenter = member && includes(room.presenters, user)
        var map: RoomPermissionMap = []
        switch room.privacy {
        case .open: map.insert(.canView)
        case .closed: map.insert(.canView)
        case .secret: if member { map.insert(.canView) }
        }
        let mayEnter = room.privacy == .open || member
        if mayEnter {
            map.formUnion([.canJoin, .canReadHistory])
            switch room.behavior {
            case .normal: map.insert(.canChat)
            case .auditorium: if presenter { map.formUnion([.canChat, .canAuditoriumChat]) }
            }
        }
        if manager { map.insert(.canManageRoom) }
        return map
    }

    /// Why `user` may not join a room they can see, as the error to send; nil when they may.
    func joinRefusal(of user: DirectoryEntry, room: ChatRoomRecord, category: ChatCategory, permissions: RoomPermissionMap) -> ErrorPayload? {
        if permissions.contains(.canJoin) { return nil }
        if directories.isExpired { return Self.directoryExpired }
        if !inScope(category, user) {
            return ErrorPayload(.errorPermission, .notInScope,
                                "\(user.sipAddress ?? "you") are not in the scope of category '\(category.name)'")
        }
        return ErrorPayload(.errorPermission, .membersOnly,
                            "'\(room.name)' is a \(room.privacy.rawValue) room: only its members may join")
    }

    /// Refuses a reference that names no room or a name longer than the limit.
    static func check(_ reference: RoomReference) throws(ErrorPayload) {
        if let name = reference.name {
            guard !name.allSatisfy(\.isWhitespace) else {
                throw ErrorPayload(.invalidArgument, .invalidArgument, "a room name must not be empty")
            }
            guard name.count <= ProtocolLimits.maxNameLength else {
                throw ErrorPayload(.invalidArgument, .tooLong,
                                   "the room name is \(name.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
            }
        } else if reference.uri == nil {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "name the room by 'uri' or 'name'")
        }
    }

    /// The error for a command that needs rights while the directory has expired (an LDAP directory not read for
    /// longer than `cache_lifetime`).
    static let directoryExpired = ErrorPayload(
        .serverError, .identityDirectoryUnavailable,
        "the directory has not answered for longer than its cache lifetime; rights cannot be checked until it does")

    /// The error for a room that does not exist or is hidden from the caller (the two are indistinguishable).
    static func noSuchRoom(_ reference: RoomReference) -> ErrorPayload {
        ErrorPayload(.noSuchNode, .noSuchRoom, "no room \(reference) exists or is visible to you")
    }
}
