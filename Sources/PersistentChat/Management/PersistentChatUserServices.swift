/// Finding and reading users and groups (Lync `PersistentChatUserServices`).
public struct PersistentChatUserServices: Sendable {
    let endpoint: PersistentChatEndpoint

    /// Users whose last name, first name or e-mail contains the text given (any may match);
    /// `moreAvailable` when the list was cut: refine the search.
    public func findUsers(
        lastName: String? = nil, firstName: String? = nil, email: String? = nil
    ) async throws(PersistentChatError) -> (users: [PersistentChatPrincipalSummary], moreAvailable: Bool) {
        guard [lastName, firstName, email].contains(where: { !($0 ?? "").allSatisfy(\.isWhitespace) }) else {
            throw .invalidArgument("give a last name, first name or e-mail to search for")
        }
        let reply = try await endpoint.connectionOrThrow().request(FindUsersRequest(lastName: lastName, firstName: firstName, email: email))
        return (reply.principals, reply.moreAvailable)
    }

    /// A user in full: yourself, or anyone when you are a system user.
    public func getUser(_ uri: SIPURI) async throws(PersistentChatError) -> PersistentChatUser {
        try await endpoint.connectionOrThrow().request(GetUserRequest(user: uri))
    }

    /// A directory group in full (system users only).
    public func getUserGroup(_ group: PersistentChatPrincipalSummary) async throws(PersistentChatError) -> PersistentChatUserGroup {
        guard group.type == .directoryGroup else { throw .invalidArgument("'\(group.name)' is not a group") }
        return try await endpoint.connectionOrThrow().request(GetUserGroupRequest(group: group.adPath ?? group.reference))
    }
}
