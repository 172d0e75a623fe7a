import PersistentChatDirectory
import PersistentChatProtocol

/// A room as the server holds it: settings, role lists and their audit trail.
struct ChatRoomRecord: Sendable {
    /// The database row id (0 for a room not stored yet).
    var id: Int64
    let uri: ChatRoomURI
    var name: String
    var description: String
    var categoryId: Int64
    var privacy: ChatRoomPrivacy
    var behavior: ChatRoomBehavior
    var disabled: Bool
    var invitations: ChatRoomInvitationSetting = .inherit
    /// The name of the room's add-in, as registered when it was set; nil for none.
    var addIn: String? = nil
    var members: [PrincipalReference]
    var managers: [PrincipalReference]
    var presenters: [PrincipalReference]
    /// Who granted each role entry and when (ms); entries from configuration have none.
    var grants: [RoleGrant: Audit] = [:]
    var created = Audit(by: "", at: 0)
    var updated = Audit(by: "", at: 0)

    /// One role entry.
    struct RoleGrant: Hashable, Sendable {
        let role: ChatRoomRole
        let principal: PrincipalReference
    }

    /// Who did something, and when (ms since 1970).
    struct Audit: Sendable, Equatable {
        var by: String
        var at: Int64
    }

    /// The principals holding `role` (Creator is category-wide: none here).
    func holders(of role: ChatRoomRole) -> [PrincipalReference] {
        switch role {
        case .member: members
        case .manager: managers
        case .presenter: presenters
        case .creator: []
        }
    }

    /// Replaces the principals holding `role`, keeping the audit of entries that stay and stamping new ones.
    mutating func setHolders(_ principals: [PrincipalReference], of role: ChatRoomRole, by actor: Audit) {
        var seen = Set<PrincipalReference>()
        let unique = principals.filter { seen.insert($0).inserted }
        let old = Set(holders(of: role))
        for principal in old where !seen.contains(principal) { grants[RoleGrant(role: role, principal: principal)] = nil }
        for principal in unique where !old.contains(principal) { grants[RoleGrant(role: role, principal: principal)] = actor }
        switch role {
        case .member: members = unique
        case .manager: managers = unique
        case .presenter: presenters = unique
        case .creator: break
        }
    }

    /// The same room, enabled (to tell "disabled" from "not yours to see").
    var enabled: ChatRoomRecord {
        var room = self
        room.disabled = false
        return room
    }

    /// Whether invitations go out for this room, given its category.
    func sendsInvitations(in category: ChatCategory) -> Bool {
        category.invitations && invitations == .inherit
    }
}
