import PersistentChatDirectory
import PersistentChatProtocol

/// Read-only room management: rooms, categories, role holders, eligible principals, permissions.
extension ServerCore {
    var describer: PrincipalDescriber { PrincipalDescriber(directory: directory) }

    /// A category as clients see it.
    func summary(_ category: ChatCategory) -> CategorySummaryPayload {
        CategorySummaryPayload(uri: category.uri, name: category.name, description: category.description,
                               invitations: category.invitations, fileUpload: category.fileUpload, history: category.history)
    }

    /// A room's full settings, for anyone who may see it and for its managers (also when it is secret or disabled).
    func getRoom(_ request: GetRoomRequest, user: DirectoryEntry) throws(ErrorPayload) -> ChatRoomPayload {
        try AccessControl.check(request.room)
        let (room, category) = try roomForManagement(request.room, user: user)
        return ChatRoomPayload(
            uri: room.uri, name: room.name, description: room.description, category: summary(category),
            privacy: room.privacy, behavior: room.behavior, disabled: room.disabled, invitations: room.invitations,
            createdBy: room.created.by, createdOn: room.created.at, updatedBy: room.updated.by, updatedOn: room.updated.at,
            addIn: catalog.addIns.named(room.addIn))
    }

    /// Categories where the user holds the Creator role (and is in scope).
    func categoriesWithCreateRights(user: DirectoryEntry) -> CategoryListReply {
        CategoryListReply(categories: catalog.allCategories.filter { category in
            access.inScope(category, user) && access.includes(category.creators, user)
        }.map(summary))
    }

    /// The room and category for a management read: visible to the caller or managed by them.
    private func roomForManagement(_ reference: RoomReference, user: DirectoryEntry) throws(ErrorPayload) -> (ChatRoomRecord, ChatCategory) {
        guard let (room, category) = catalog.room(reference),
              access.permissions(of: user, in: room, category: category).contains(.canView)
                || (access.inScope(category, user) && access.includes(room.managers, user)) else {
            throw AccessControl.noSuchRoom(reference)
        }
        return (room, category)
    }

    /// Who holds a role on a room.
    func roleHolders(_ request: GetRoleHoldersRequest, user: DirectoryEntry) throws(ErrorPayload) -> RoleListReply {
        try RoomChangeRules.checkAssignable(request.role)
        let (room, _) = try roomForManagement(.uri(request.room), user: user)
        return RoleListReply(holders: room.holders(of: request.role).map { principal in
            let audit = room.grants[.init(role: request.role, principal: principal)]
            return RoleDescriptorPayload(principal: describer.summary(principal), addedBy: audit?.by ?? "",
                                         addedOn: audit?.at ?? 0)
        })
    }

    /// Principals whose names contain `search` that may be given the role: members and managers from the
    /// category's scope, presenters from the room's members.
    func principalsForRole(_ request: FindPrincipalsForRoleRequest, user: DirectoryEntry) throws(ErrorPayload) -> PrincipalListReply {
        try RoomChangeRules.checkAssignable(request.role)
        let needle = request.search.trimmingCharacters(in: .whitespaces).lowercased()
        guard !needle.isEmpty else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "the search string must not be empty")
        }
        try Self.checkLength(needle, "the search string")
        let (room, category) = try roomForManagement(.uri(request.room), user: user)
        let limit = configuration.limits.searchLimit
        var found: [PrincipalSummaryPayload] = []
        for entry in directory.allEntries where found.count <= limit {
            guard [.user, .group, .organizationalUnit, .domain].contains(entry.kind),
                  entry.kind != .user || directory.canSignIn(entry) else { continue }
            let summary = describer.summary(entry)
            guard summary.name.lowercased().contains(needle) || summary.displayName.lowercased().contains(needle)
                    || summary.reference.lowercased().contains(needle) else { continue }
            let eligible = request.role == .presenter
                ? room.members.contains(.dn(entry.dn)) || access.includes(room.members, entry)
                : access.inScope(category, entry)
            if eligible { found.append(summary) }
        }
        return PrincipalListReply(principals: Array(found.prefix(limit)), moreAvailable: found.count > limit)
    }

    /// Users eligible for the Creator role on a category (in its scope) whose names start with `filter`.
    func categoryUsers(_ request: GetCategoryUsersRequest, user: DirectoryEntry) throws(ErrorPayload) -> PrincipalListReply {
        guard let category = catalog.category(request.category), access.inScope(category, user) else {
            throw ErrorPayload(.noSuchNode, .noSuchCategory, "no category \(request.category)")
        }
        guard (1...configuration.limits.searchLimit).contains(request.resultSize) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument,
                               "resultSize must be between 1 and \(configuration.limits.searchLimit), got \(request.resultSize)")
        }
        let prefix = request.filter.lowercased()
        let matches = directory.allEntries.filter { entry in
            directory.canSignIn(entry) && access.inScope(category, entry)
                && [entry.displayName, entry.givenName, entry.surname, entry.sipAddress?.replacingOccurrences(of: "sip:", with: "")]
                    .contains { $0?.lowercased().hasPrefix(prefix) == true }
        }
        return PrincipalListReply(principals: matches.prefix(request.resultSize).map(describer.summary),
                                  moreAvailable: matches.count > request.resultSize)
    }

    /// The caller's permissions on a room they can see or manage.
    func permissions(_ request: GetPermissionsRequest, user: DirectoryEntry) throws(ErrorPayload) -> PermissionsReply {
        let (room, category) = try roomForManagement(.uri(request.room), user: user)
        return PermissionsReply(permissions: access.permissions(of: user, in: room, category: category))
    }
}
