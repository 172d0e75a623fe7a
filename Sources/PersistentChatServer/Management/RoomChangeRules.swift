import PersistentChatDirectory
import PersistentChatProtocol

/// Checks a room's intended settings and role lists before they are written.
struct RoomChangeRules {
    let access: AccessControl

    /// Refuses an empty or overlong name or an overlong description.
    func checkText(name: String, description: String) throws(ErrorPayload) {
        guard !name.allSatisfy(\.isWhitespace) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "a room name must not be empty")
        }
        try ServerCore.checkLength(name, "the room name")
        try ServerCore.checkLength(description, "the description")
    }

    /// The add-in name to store for `name`, as registered: nil for nil or empty (no add-in); an unregistered name is
    /// refused.
    func addIn(_ name: String?, in catalog: RoomCatalog) throws(ErrorPayload) -> String? {
        guard let name, !name.isEmpty else { return nil }
        try ServerCore.checkLength(name, "the add-in name")
        guard let addIn = catalog.addIns.named(name) else { throw ServerCore.noSuchAddIn(name, code: .invalidArgument) }
        return addIn.name
    }

    /// Parses and resolves principals: each must be a user, group, OU or domain in the directory, in the category's scope.
    func resolve(_ texts: [String], role: ChatRoomRole, category: ChatCategory) throws(ErrorPayload) -> [PrincipalReference] {
        var references: [PrincipalReference] = []
        for text in texts {
            let reference: PrincipalReference
            do {
                reference = try PrincipalReference(parsing: text)
            } catch {
                throw ErrorPayload(.invalidArgument, .invalidArgument, "\(role.rawValue)s: \(error)")
            }
            guard let resolved = access.directory.resolve(reference), resolved.kind != .contact, resolved.kind != .other else {
                throw ErrorPayload(.noSuchPrincipal, .noSuchPrincipal,
                                   "'\(text)' is not a user, group, organizational unit or domain in the directory")
            }
            guard resolved.kind != .user || access.directory.canSignIn(resolved.entry) else {
                throw ErrorPayload(.noSuchPrincipal, .noSuchPrincipal,
                                   "'\(text)' cannot sign in (disabled, not SIP-enabled, or not in a domain partition)")
            }
            guard access.inScope(category, resolved.entry) else {
                throw ErrorPayload(.principalsNotInScope, .principalNotInScope,
                                   "'\(text)' is not in the scope of category '\(category.name)'")
            }
            references.append(reference)
        }
        return references
    }

    /// Every presenter must also be a member (directly, or through a group, OU or domain that is a member).
    func checkPresenters(_ room: ChatRoomRecord) throws(ErrorPayload) {
        for presenter in room.presenters where !room.members.contains(presenter) {
            guard let entry = access.directory.resolve(presenter)?.entry, access.includes(room.members, entry) else {
                throw ErrorPayload(.presenterNotInMemList, .presenterNotMember,
                                   "presenter '\(presenter)' is not a member of '\(room.name)'; make them a member first")
            }
        }
    }

    /// Refuses roles that cannot be given through room management.
    static func checkAssignable(_ role: ChatRoomRole) throws(ErrorPayload) {
        guard role != .creator else {
            throw ErrorPayload(.invalidArgument, .creatorNotAssignable,
                               "the creator role belongs to categories and is set by the administrator, not per room")
        }
    }

    /// The properties that differ between two versions of a room, as notice values.
    static func differences(_ old: ChatRoomRecord, _ new: ChatRoomRecord, categories: [Int64: ChatCategory]) -> (old: [String: String], new: [String: String]) {
        var before: [String: String] = [:]
        var after: [String: String] = [:]
        func compare(_ key: String, _ a: String, _ b: String) {
            if a != b { before[key] = a; after[key] = b }
        }
        compare("name", old.name, new.name)
        compare("description", old.description, new.description)
        compare("privacy", old.privacy.rawValue, new.privacy.rawValue)
        compare("behavior", old.behavior.rawValue, new.behavior.rawValue)
        compare("invitations", old.invitations.rawValue, new.invitations.rawValue)
        compare("disabled", "\(old.disabled)", "\(new.disabled)")
        compare("addIn", old.addIn ?? "", new.addIn ?? "")
        compare("category", categories[old.categoryId]?.uri.description ?? "", categories[new.categoryId]?.uri.description ?? "")
        return (before, after)
    }
}
