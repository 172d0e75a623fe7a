import Foundation
import LDAPDirectory
import Logging
import PersistentChatDirectory
import PersistentChatProtocol
import Synchronization

/// The server's shared state and the commands that do not depend on one connection.
final class ServerCore: Sendable {
    /// server.yaml as in force: a reload (``PersistentChatServer/reloadConfiguration()``) replaces it whole.
    private let configurationInForce: Mutex<ServerConfiguration>
    /// The directory in force, swapped whole by a reload (``DirectoryReloader``).
    let directories: DirectoryHolder
    let store: ChatStore
    let catalogState: CatalogState
    let access: AccessControl
    let hub: RoomHub
    let committer: MessageCommitter
    /// Room changes, one at a time.
    let management: RoomManagement
    /// File-transfer tokens and the files on disk.
    let fileTokens: FileTokens
    let storage: FileStorage
    /// Posts, room creations and searches counted per user (`limits.per_user`).
    let quotas: UserQuotas
    /// Principals allowed to read any user or group.
    let systemUsers: [PrincipalReference]
    /// Failed sign-ins counted, and sign-ins delayed (`limits.sign_in`).
    let signInThrottle: SignInThrottle
    /// The threads passwords are checked on.
    let passwordVerifiers: PasswordVerifiers
    /// Sign-in tokens, stored hashed.
    let sessionTokens: SessionTokens
    /// With an LDAP directory: where sign-ins are checked (a bind as the user), instead of ``passwordVerifiers``.
    let activeDirectory: ActiveDirectory?
    let logger: Logger
    let codec = FrameCodec()
    /// Every command's handler, by command type.
    let commands: CommandTable
    /// What `/metrics` serves.
    let metrics: ServerMetrics
    /// The chat port bound, once the listener runs (`listen` may ask for port 0).
    let boundPort = Mutex<Int?>(nil)

    /// Throws ``CommandTableProblems`` when a catalogued command has no handler or several.
    init(configuration: ServerConfiguration, directory: Directory, activeDirectory: ActiveDirectory? = nil, store: ChatStore,
         catalog: RoomCatalog, metrics: ServerMetrics = ServerMetrics(), logger: Logger) throws {
        commands = try CommandTable.build(ServerCommands.handlers).get()
        self.metrics = metrics
        configurationInForce = Mutex(configuration)
        // An LDAP directory starts empty and expired: rights are decided once it has been read.
        directories = DirectoryHolder(directory, expires: activeDirectory == nil ? nil : .now)
        self.store = store
        self.logger = logger
        catalogState = CatalogState(catalog)
        let access = AccessControl(directories: directories)
        self.access = access
        hub = RoomHub(participantUpdateLimit: configuration.limits.participantUpdateLimit, deliveries: metrics.deliveries)
        committer = MessageCommitter(store: store, hub: hub, maxBatch: configuration.limits.commitBatch, metrics: metrics,
                                     logger: logger)
        storage = FileStorage(dataDirectory: configuration.dataDirectory)
        fileTokens = FileTokens(lifetimeMinutes: configuration.limits.fileTokenMinutes, storage: storage,
                                perUser: configuration.limits.perUser)
        quotas = UserQuotas(configuration.limits.perUser)
        systemUsers = configuration.systemUsers.compactMap { try? PrincipalReference(parsing: $0) }
        signInThrottle = SignInThrottle(limits: configuration.limits.signIn)
        passwordVerifiers = PasswordVerifiers(limits: configuration.limits.signIn)
        sessionTokens = SessionTokens(store: store, logger: logger)
        self.activeDirectory = activeDirectory
        management = RoomManagement(store: store, catalog: catalogState, access: access, hub: hub,
                                    domain: configuration.domain, logger: logger)
    }

    /// server.yaml as in force now.
    var configuration: ServerConfiguration { configurationInForce.withLock { $0 } }

    /// Puts `new` in force (its restart-only settings are those in force already).
    func replaceConfiguration(with new: ServerConfiguration) {
        configurationInForce.withLock { $0 = new }
    }

    /// The catalog as it is now.
    var catalog: RoomCatalog { catalogState.current }

    /// The directory as it is now (a reload may swap it between two reads).
    var directory: Directory { directories.current }

    /// The root category's URI (rooms never live there).
    var rootCategory: CategoryURI { CategoryURI(domain: configuration.domain, id: store.rootCategoryId) }

    /// Milliseconds since 1970.
    static var now: Int64 { Date().millisecondsSince1970 }

    /// The server configuration as reported to clients.
    var serverInfo: ServerInfo {
        let configuration = configuration
        let limits = configuration.limits
        return ServerInfo(
            domain: configuration.domain, displayName: configuration.displayName,
            serverTime: Date().millisecondsSince1970,
            rootCategory: CategoryURI(domain: configuration.domain, id: store.rootCategoryId),
            messageSizeLimit: limits.messageSize, storySizeLimit: limits.storySize, searchLimit: limits.searchLimit,
            defaultChatHistory: limits.defaultHistory, frameSizeLimit: limits.frameSize, databaseVersion: store.databaseId,
            fileSizeLimit: limits.fileSize, participantUpdateLimit: limits.participantUpdateLimit,
            roomManagementUrl: RoomManagementAddress.url(for: configuration, port: boundPort.withLock { $0 }))
    }

    /// A room's snapshot for browse and join, with its add-in as registered now.
    func snapshot(_ room: ChatRoomRecord, _ category: ChatCategory, participants: Int) -> RoomSnapshotPayload {
        catalog.snapshot(room, category, participants: participants)
    }

    /// Messages as sent on the wire.
    func payloads(_ messages: [StoredMessage], room: ChatRoomRecord) -> [ChatMessagePayload] {
        messages.compactMap { message in
            guard let author = SIPURI(message.author) else { return nil }
            return ChatMessagePayload(id: message.id, room: room.uri, roomName: room.name, author: author,
                                      text: message.text, alert: message.alert, ts: message.ts,
                                      clientMessageId: message.clientMessageId, storyTitle: message.storyTitle,
                                      parts: message.parts.flatMap(MessageEncoding.decodeParts))
        }
    }

    /// The room a reference names, its category and the user's permissions; a room the user may not see
    /// is refused exactly like one that does not exist. While the directory has expired, every room is refused with
    /// ``AccessControl/directoryExpired``.
    func visibleRoom(_ reference: RoomReference, user: DirectoryEntry) throws(ErrorPayload) -> (ChatRoomRecord, ChatCategory, RoomPermissionMap) {
        try AccessControl.check(reference)
        if access.directories.isExpired { throw AccessControl.directoryExpired }
        guard let (room, category) = catalog.room(reference) else { throw AccessControl.noSuchRoom(reference) }
        let permissions = access.permissions(of: user, in: room, category: category)
        guard permissions.contains(.canView) else {
            if room.disabled, access.permissions(of: user, in: room.enabled, category: category).contains(.canView) {
                throw ErrorPayload(.nodeDisabled, .roomDisabled, "'\(room.name)' is disabled")
            }
            throw AccessControl.noSuchRoom(reference)
        }
        return (room, category, permissions)
    }

    /// Recomputes every joined session's rights from the catalog and the directory in force (after a reload), ending
    /// those no longer allowed in their room; returns how many rooms were refreshed.
    func refreshAllSessions() async -> Int {
        let state = catalogState
        let access = access
        return await hub.refreshAll(
            room: { id in
                let catalog = state.current
                guard let room = catalog.rooms[id], let category = catalog.categories[room.categoryId] else { return nil }
                return (room, category)
            },
            permissions: { access.permissions(of: $0, in: $1, category: $2) })
    }

    /// Runs a database read, turning failures into a `DatabaseConnection` error.
    func read<T>(_ body: () async throws -> T) async throws(ErrorPayload) -> T {
        do {
            return try await body()
        } catch {
            logger.error("database read failed: \(error)")
            throw ErrorPayload(.databaseConnection, .internalError, "the database could not be read")
        }
    }
}
