import LDAPDirectory
import PersistentChatDirectory
import PersistentChatProtocol

/// Lync `PersistentChatUserServices`: find users, get a user, get a group.
extension ServerCore {
    /// Users whose last name, first name or e-mail contains the given text (any field); `moreAvailable` when cut.
    /// With an LDAP directory the server is searched (in pages, within the size limit); while it cannot be reached,
    /// the users last read are searched instead.
    func findUsers(_ request: FindUsersRequest) async throws(ErrorPayload) -> PrincipalListReply {
        let fields = [request.lastName, request.firstName, request.email].map {
            $0?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        }
        guard fields.contains(where: { !$0.isEmpty }) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "give a last name, first name or e-mail to search for")
        }
        for field in fields { try Self.checkLength(field, "a search field") }
        let limit = configuration.limits.searchLimit
        var found: [DirectoryEntry] = []
        if let activeDirectory {
            do {
                found = try await activeDirectory.findUsers(
                    containing: [.surname: fields[0], .givenName: fields[1], .mail: fields[2]], limit: limit + 1)
                return PrincipalListReply(principals: found.prefix(limit).map(describer.summary), moreAvailable: found.count > limit)
            } catch {
                logger.warning("user search: the directory cannot be reached; searching the users last read", metadata: ["reason": "\(error)"])
            }
        }
        for entry in directory.allEntries where entry.kind == .user && entry.sipAddress != nil {
            let values = [entry.surname, entry.givenName, entry.mail].map { $0?.lowercased() ?? "" }
            if zip(fields, values).contains(where: { !$0.isEmpty && $1.contains($0) }) {
                found.append(entry)
                if found.count > limit { break }
            }
        }
        return PrincipalListReply(principals: found.prefix(limit).map(describer.summary), moreAvailable: found.count > limit)
    }

    /// A user in full: the caller themself, or anyone when the caller is a system user.
    func getUser(_ request: GetUserRequest, caller: Caller) throws(ErrorPayload) -> UserPayload {
        guard request.user == caller.uri || isSystemUser(caller) else {
            throw ErrorPayload(.errorPermission, .notSystemUser, "only system users may read other users; you may read yourself")
        }
        guard let entry = directory.entry(sipAddress: request.user.value), entry.kind == .user else {
            throw ErrorPayload(.noSuchPrincipal, .noSuchPrincipal, "no user \(request.user) in the directory")
        }
        return UserPayload(summary: describer.summary(entry), email: entry.mail, companyName: nil,
                           isDisabled: !entry.isSIPEnabled, memberOf: describer.memberOf(entry))
    }

    /// A directory group (system users only).
    func getUserGroup(_ request: GetUserGroupRequest, caller: Caller) throws(ErrorPayload) -> UserGroupPayload {
        guard isSystemUser(caller) else {
            throw ErrorPayload(.errorPermission, .notSystemUser, "only system users may read groups")
        }
        let reference = try principal(request.group, key: "group")
        guard let entry = directory.resolve(reference)?.entry else {
            throw ErrorPayload(.noSuchPrincipal, .noSuchPrincipal, "no group '\(request.group)' in the directory")
        }
        guard entry.kind == .group else {
            throw ErrorPayload(.invalidArgument, .notAGroup, "'\(request.group)' is a \(entry.kind), not a group")
        }
        return UserGroupPayload(summary: describer.summary(entry), memberOf: describer.memberOf(entry))
    }

    private func isSystemUser(_ caller: Caller) -> Bool {
        access.includes(systemUsers, caller.entry)
    }
}
