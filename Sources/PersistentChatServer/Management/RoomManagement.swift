import Foundation
import GRDB
import Logging
import PersistentChatDirectory
import PersistentChatProtocol

/// Creates and changes rooms, strictly one change at a time: checks the caller's rights and the rules, writes the change
/// (with any invitations it causes) in one transaction, then updates the catalog and tells joined sessions.
actor RoomManagement {
    private let store: ChatStore
    private let catalog: CatalogState
    private let access: AccessControl
    private let rules: RoomChangeRules
    private let hub: RoomHub
    private let domain: String
    private let logger: Logger

    /// Runs `reload` (the store's rooms and categories set from a configuration, and the catalog read back) between two
    /// room changes, so none is lost from the catalog it returns, and puts that catalog in force.
    func replaceCatalog(_ reload: () throws -> RoomCatalog) throws {
        catalog.replace(with: try reload())
    }

    init(store: ChatStore, catalog: CatalogState, access: AccessControl, hub: RoomHub, domain: String, logger: Logger) {
        self.store = store
        self.catalog = catalog
        self.access = access
        self.rules = RoomChangeRules(access: access)
        self.hub = hub
        self.domain = domain
        self.logger = logger
    }

    // MARK: Commands

    /// Creates a room; the caller needs the Creator role on the category and becomes the room's manager and member.
    func create(_ request: CreateRoomRequest, caller: Caller, rootCategory: CategoryURI) async throws(ErrorPayload) -> CreateRoomReply {
        let turn = await waitForTurn()
        defer { turn.fulfill(()) }
        if access.directories.isExpired { throw AccessControl.directoryExpired }
        if request.category == rootCategory {
            throw ErrorPayload(.nodeHierarchyViolation, .rootCategory, "rooms cannot be created in the root category")
        }
        let current = catalog.current
        guard let category = current.category(request.category) else {
            throw ErrorPayload(.noSuchNode, .noSuchCategory, "no category \(request.category)")
        }
        try checkCreator(caller, in: category)
        try rules.checkText(name: request.name, description: request.description)
        try checkNameFree(request.name, except: nil, in: current)
        let audit = caller.audit
        var room = ChatRoomRecord(
            id: 0, uri: ChatRoomURI(domain: domain, id: UUID()), name: request.name, description: request.description,
            categoryId: category.id, privacy: request.privacy ?? (request.visibleOnlyToMembers ? .secret : .closed),
            behavior: request.behavior, disabled: request.disabled, invitations: request.invitations,
            members: [], managers: [], presenters: [], created: audit, updated: audit)
        room.addIn = try rules.addIn(request.addIn, in: current)
        let members = try rules.resolve(request.members, role: .member, category: category)
        let creator = PrincipalReference.sip(caller.uri.value)
        room.setHolders([creator] + members, of: .member, by: audit)
        room.setHolders([creator], of: .manager, by: audit)
        let invited = invitees(room: room, category: category, newMembers: members, formerMembers: [], except: caller.uri)
        let stored = try await write(room, invite: invited, by: caller, insert: true)
        catalog.upsert(stored.room)
        await push(stored.invitations, room: stored.room, category: category)
        logger.info("room created", metadata: ["room": "\(LogText.escaped(room.name))", "by": "\(caller.uri)"])
        return CreateRoomReply(uri: stored.room.uri)
    }

    /// Replaces a room's settings and, where given, its role lists (managers only).
    func update(_ request: UpdateRoomRequest, caller: Caller) async throws(ErrorPayload) {
        let turn = await waitForTurn()
        defer { turn.fulfill(()) }
        let (old, category) = try managedRoom(request.room, caller: caller)
        try rules.checkText(name: request.name, description: request.description)
        try checkNameFree(request.name, except: old.id, in: catalog.current)
        var room = old
        room.name = request.name
        room.description = request.description
        room.privacy = request.privacy
        room.behavior = request.behavior
        room.disabled = request.disabled
        room.invitations = request.invitations
        if let addIn = request.addIn { room.addIn = try rules.addIn(addIn, in: catalog.current) }
        room.updated = caller.audit
        let lists: [(ChatRoomRole, [String]?)] = [(.member, request.members), (.manager, request.managers), (.presenter, request.presenters)]
        for case let (role, texts?) in lists {
            room.setHolders(try rules.resolve(texts, role: role, category: category), of: role, by: caller.audit)
        }
        try await apply(room, old: old, category: category, caller: caller)
    }

    /// Adds principals to, or removes them from, a role (managers only; never Creator).
    func changeRole(_ request: ChangeRoleRequest, caller: Caller) async throws(ErrorPayload) {
        let turn = await waitForTurn()
        defer { turn.fulfill(()) }
        try RoomChangeRules.checkAssignable(request.role)
        guard !request.principals.isEmpty else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "name at least one principal")
        }
        let (old, category) = try managedRoom(request.room, caller: caller)
        var room = old
        var holders = room.holders(of: request.role)
        switch request.change {
        case .add:
            let added = try rules.resolve(request.principals, role: request.role, category: category)
            if let already = added.first(where: holders.contains), added.count == 1 {
                throw ErrorPayload(.principalsAlreadyDefined, .principalAlreadyHoldsRole,
                                   "'\(already)' is already a \(request.role.rawValue) of '\(room.name)'")
            }
            holders += added.filter { !holders.contains($0) }
        case .remove:
            var removed: [PrincipalReference] = []
            for text in request.principals {
                do {
                    removed.append(try PrincipalReference(parsing: text))
                } catch {
                    throw ErrorPayload(.invalidArgument, .invalidArgument, "\(error)")
                }
            }
            holders.removeAll(where: removed.contains)
        }
        room.setHolders(holders, of: request.role, by: caller.audit)
        if request.role == .member, request.change == .remove {
            // Presenters who are no longer members lose that role too.
            room.setHolders(room.presenters.filter { presenter in
                room.members.contains(presenter)
                    || access.directory.resolve(presenter).map { access.includes(room.members, $0.entry) } == true
            }, of: .presenter, by: caller.audit)
        }
        room.updated = caller.audit
        try await apply(room, old: old, category: category, caller: caller)
    }

    /// Moves a room to another category (Creator there required); role entries out of the new scope are dropped.
    func changeCategory(_ request: ChangeCategoryRequest, caller: Caller, rootCategory: CategoryURI) async throws(ErrorPayload) {
        let turn = await waitForTurn()
        defer { turn.fulfill(()) }
        if request.category == rootCategory {
            throw ErrorPayload(.nodeHierarchyViolation, .rootCategory, "rooms cannot live in the root category")
        }
        let (old, _) = try managedRoom(request.room, caller: caller)
        guard let target = catalog.current.category(request.category) else {
            throw ErrorPayload(.noSuchNode, .noSuchCategory, "no category \(request.category)")
        }
        try checkCreator(caller, in: target)
        var room = old
        room.categoryId = target.id
        for role in [ChatRoomRole.member, .manager, .presenter] {
            let kept = room.holders(of: role).filter { reference in
                access.directory.resolve(reference).map { access.inScope(target, $0.entry) } ?? false
            }
            room.setHolders(kept, of: role, by: caller.audit)
        }
        room.updated = caller.audit
        try await apply(room, old: old, category: target, caller: caller)
    }

    // MARK: One change at a time

    /// Fulfilled when the change that last took a turn ends.
    private var lastTurn: Promise<Void>?

    /// Waits until the changes that took a turn before this one have ended, and returns this change's turn, to be
    /// fulfilled when it ends. The actor alone is not enough: a change awaits the database, and another change must
    /// not read the room in between (its write would undo this one's). Turns are taken in call order.
    private func waitForTurn() async -> Promise<Void> {
        let previous = lastTurn
        let turn = Promise<Void>()
        lastTurn = turn
        await previous?.value
        return turn
    }

    // MARK: Steps

    /// Checks, writes and announces a changed room.
    private func apply(_ room: ChatRoomRecord, old: ChatRoomRecord, category: ChatCategory, caller: Caller) async throws(ErrorPayload) {
        try rules.checkPresenters(room)
        if room.managers.isEmpty, !old.managers.isEmpty {
            throw ErrorPayload(.invalidArgument, .lastManager, "'\(room.name)' must keep at least one manager")
        }
        let newMembers = room.members.filter { !old.members.contains($0) }
        let invited = invitees(room: room, category: category, newMembers: newMembers, formerMembers: old.members, except: nil)
        let stored = try await write(room, invite: invited, by: caller, insert: false)
        let before = catalog.current
        catalog.upsert(stored.room)
        let (oldValues, newValues) = RoomChangeRules.differences(old, stored.room, categories: before.categories)
        let changed = oldValues.isEmpty && newValues.isEmpty ? nil : RoomChangedNotice(room: room.uri, old: oldValues, new: newValues)
        let reason = room.disabled
            ? ErrorPayload(.nodeDisabled, .roomDisabled, "'\(room.name)' was disabled")
            : ErrorPayload(.errorPermission, .membershipRemoved, "you may no longer be in '\(room.name)'")
        let access = access
        await hub.refresh(room: stored.room, category: category, changed: changed,
                          permissions: { access.permissions(of: $0, in: stored.room, category: category) }, ended: reason)
        await push(stored.invitations, room: stored.room, category: category)
        logger.info("room changed", metadata: ["room": "\(LogText.escaped(room.name))", "by": "\(caller.uri)", "changed": "\(newValues.keys.sorted())"])
    }

    /// The room and its category, when the caller manages it (disabled rooms included, so they can be re-enabled).
    /// While the directory has expired no room is changed: who manages it, and who may stay, cannot be told.
    private func managedRoom(_ uri: ChatRoomURI, caller: Caller) throws(ErrorPayload) -> (ChatRoomRecord, ChatCategory) {
        if access.directories.isExpired { throw AccessControl.directoryExpired }
        guard let (room, category) = catalog.current.room(.uri(uri)) else { throw AccessControl.noSuchRoom(.uri(uri)) }
        guard access.inScope(category, caller.entry), access.includes(room.managers, caller.entry) else {
            if access.permissions(of: caller.entry, in: room, category: category).contains(.canView) {
                throw ErrorPayload(.errorPermission, .notManager, "only managers of '\(room.name)' may change it")
            }
            throw AccessControl.noSuchRoom(.uri(uri))
        }
        return (room, category)
    }

    private func checkCreator(_ caller: Caller, in category: ChatCategory) throws(ErrorPayload) {
        guard access.inScope(category, caller.entry), access.includes(category.creators, caller.entry) else {
            throw ErrorPayload(.errorPermission, .noCreateRights, "you may not create rooms in category '\(category.name)'")
        }
    }

    private func checkNameFree(_ name: String, except id: Int64?, in catalog: RoomCatalog) throws(ErrorPayload) {
        if let existing = catalog.room(named: name), existing.id != id {
            throw ErrorPayload(.duplicateRoomName, .duplicateRoomName, "a room named '\(existing.name)' already exists")
        }
    }

    /// Users to invite: those the new member entries cover, in scope, who were not members already (directly or
    /// through a group, OU or domain), when the room sends invitations.
    private func invitees(room: ChatRoomRecord, category: ChatCategory, newMembers: [PrincipalReference],
                          formerMembers: [PrincipalReference], except: SIPURI?) -> [String] {
        guard room.sendsInvitations(in: category), !room.disabled else { return [] }
        var users = Set<String>()
        for principal in newMembers {
            for user in access.users(coveredBy: principal)
            where access.inScope(category, user) && !access.includes(formerMembers, user) {
                if let sip = user.sipAddress, sip != except?.value { users.insert(sip) }
            }
        }
        return users.sorted()
    }

    private struct Stored: Sendable {
        let room: ChatRoomRecord
        let invitations: [StoredInvitation]
    }

    /// Writes the room and its invitations in one transaction.
    private func write(_ room: ChatRoomRecord, invite users: [String], by caller: Caller, insert: Bool) async throws(ErrorPayload) -> Stored {
        let store = store
        do {
            return try await store.pool.write { db in
                var saved = room
                if insert {
                    saved.id = try store.insertRoom(room, db)
                } else {
                    try store.updateRoom(room, db)
                }
                let invitations = try store.addInvitations(users: users, roomId: saved.id, now: ServerCore.now,
                                                           invitedBy: caller.uri.value, db)
                return Stored(room: saved, invitations: invitations)
            }
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
            throw ErrorPayload(.duplicateRoomName, .duplicateRoomName, "a room named '\(room.name)' already exists")
        } catch {
            logger.error("room write failed: \(error)")
            throw ErrorPayload(.databaseConnection, .internalError, "the change could not be stored; nothing was changed")
        }
    }

    /// Sends each new invitation to its user's connected endpoints.
    private func push(_ invitations: [StoredInvitation], room: ChatRoomRecord, category: ChatCategory) async {
        guard !invitations.isEmpty else { return }
        let participants = await hub.counts()[room.id] ?? 0
        let snapshot = catalog.current.snapshot(room, category, participants: participants)
        for invitation in invitations {
            guard let user = SIPURI(invitation.user) else { continue }
            let payload = InvitationPayload(id: invitation.id, room: snapshot, createdOn: invitation.createdAt,
                                            invitedBy: invitation.invitedBy)
            await hub.send(.notice(.invitation(payload)), to: user)
        }
    }
}
