import PersistentChatDirectory
import PersistentChatProtocol

/// The browse family: by criteria, by filters, by category, by joined user, my rooms, invitations.
/// A room reaches a caller only when the caller may see it (secret rooms: members only).
extension ServerCore {
    /// Rooms matching the criteria that the user may see.
    func browse(_ request: BrowseRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        try Self.checkLength(request.criteria, "browse criteria")
        let matcher = RoomNameMatcher(criteria: request.criteria, searchDescription: request.searchDescription,
                                      matchAll: request.matchAll, matchExactPhrase: request.matchExactPhrase)
        return await visibleRooms(for: user, limit: request.maxResults) { room, _ in matcher.matches(room) }
    }

    /// Rooms matching every given filter.
    func browse(_ request: BrowseFilterRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        let matcher = try request.searchTerms.map { terms throws(ErrorPayload) in
            try Self.checkLength(terms, "searchTerms")
            return RoomNameMatcher(criteria: terms, searchDescription: request.searchDescription, matchAll: true,
                                   matchExactPhrase: false)
        }
        let member = try request.member.map { text throws(ErrorPayload) in try principal(text, key: "member") }
        let manager = try request.manager.map { text throws(ErrorPayload) in try principal(text, key: "manager") }
        if let category = request.category, catalog.category(category) == nil {
            throw ErrorPayload(.noSuchNode, .noSuchCategory, "no category \(category)")
        }
        return await visibleRooms(for: user, limit: request.maxResults, includeDisabled: request.disabled) { room, category in
            room.disabled == request.disabled
                && (matcher?.matches(room) ?? true)
                && (member.map { room.members.contains($0) } ?? true)
                && (manager.map { room.managers.contains($0) } ?? true)
                && (request.category.map { $0 == category.uri } ?? true)
                && (request.privacy.map { $0 == room.privacy } ?? true)
                && (request.behavior.map { $0 == room.behavior } ?? true)
                && (!request.searchInvitations || room.sendsInvitations(in: category) == (request.invitations ?? category.invitations))
        }
    }

    /// The rooms of one category.
    func browse(_ request: BrowseCategoryRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        guard catalog.category(request.category) != nil else {
            throw ErrorPayload(.noSuchNode, .noSuchCategory, "no category \(request.category)")
        }
        return await visibleRooms(for: user, limit: request.maxResults) { _, category in category.uri == request.category }
    }

    /// Rooms `request.user` is joined to now, among those the caller may see.
    func browse(_ request: BrowseJoinedUserRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        let joined = await hub.rooms(joinedBy: request.user)
        return await visibleRooms(for: user, limit: nil) { room, _ in joined.contains(room.id) }
    }

    /// Rooms the caller manages or is a member of.
    func browse(_ request: BrowseMyRoomsRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        await visibleRooms(for: user, limit: request.maxResults) { room, _ in
            switch request.relation {
            case .member: self.access.includes(room.members, user)
            case .manager: self.access.includes(room.managers, user)
            }
        }
    }

    /// The caller's invitations after `since`; rooms the caller can no longer see are left out.
    func browse(_ request: BrowseInvitationsRequest, user: DirectoryEntry, uri: SIPURI) async throws(ErrorPayload) -> InvitationsReply {
        let stored = try await read { try await self.store.invitations(of: uri.value, since: request.since, limit: self.configuration.limits.searchLimit) }
        let counts = await hub.counts()
        let catalog = catalog
        let invitations = stored.compactMap { invitation -> InvitationPayload? in
            guard let room = catalog.rooms[invitation.roomId], let category = catalog.categories[room.categoryId],
                  access.permissions(of: user, in: room, category: category).contains(.canView) else { return nil }
            return InvitationPayload(id: invitation.id,
                                     room: catalog.snapshot(room, category, participants: counts[room.id] ?? 0),
                                     createdOn: invitation.createdAt, invitedBy: invitation.invitedBy)
        }
        return InvitationsReply(invitations: invitations, lastInviteId: stored.last?.id ?? request.since)
    }

    /// Rooms the user may see (managers also see their disabled rooms when asked) that pass `filter`, by name.
    func visibleRooms(for user: DirectoryEntry, limit: Int?, includeDisabled: Bool = false,
                      where filter: (ChatRoomRecord, ChatCategory) -> Bool) async -> BrowseReply {
        let counts = await hub.counts()
        let limit = (limit ?? -1) < 0 ? Int.max : (limit ?? 0)
        var rooms: [RoomSnapshotPayload] = []
        let catalog = catalog
        for (room, category) in catalog.allRooms where rooms.count < limit {
            let visible = access.permissions(of: user, in: room, category: category).contains(.canView)
                || (includeDisabled && room.disabled && access.inScope(category, user) && access.includes(room.managers, user)
                    && (room.privacy != .secret || access.includes(room.members, user)))
            guard visible, filter(room, category) else { continue }
            rooms.append(catalog.snapshot(room, category, participants: counts[room.id] ?? 0))
        }
        return BrowseReply(rooms: rooms)
    }

    /// Parses a principal reference sent by a client.
    func principal(_ text: String, key: String) throws(ErrorPayload) -> PrincipalReference {
        do {
            return try PrincipalReference(parsing: text)
        } catch {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "\(key): \(error)")
        }
    }

    /// Refuses text longer than the name limit.
    static func checkLength(_ text: String, _ what: String) throws(ErrorPayload) {
        guard text.count <= ProtocolLimits.maxNameLength else {
            throw ErrorPayload(.invalidArgument, .tooLong, "\(what) is \(text.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
        }
    }
}
