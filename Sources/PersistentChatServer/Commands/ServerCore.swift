import Foundation
import Logging
import PersistentChatDirectory
import PersistentChatProtocol

/// The server's shared state and the commands that do not depend on one connection.
final class ServerCore: Sendable {
    let configuration: ServerConfiguration
    let directory: Directory
    let store: ChatStore
    let catalog: RoomCatalog
    let access: AccessControl
    let hub: RoomHub
    let committer: MessageCommitter
    let logger: Logger
    let codec = FrameCodec()

    init(configuration: ServerConfiguration, directory: Directory, store: ChatStore, catalog: RoomCatalog, logger: Logger) {
        self.configuration = configuration
        self.directory = directory
        self.store = store
        self.catalog = catalog
        self.logger = logger
        access = AccessControl(directory: directory)
        hub = RoomHub()
        committer = MessageCommitter(store: store, hub: hub, maxBatch: configuration.limits.commitBatch, logger: logger)
    }

    /// The server configuration as reported to clients.
    var serverInfo: ServerInfo {
        let limits = configuration.limits
        return ServerInfo(
            domain: configuration.domain, displayName: configuration.displayName,
            serverTime: Int64(Date().timeIntervalSince1970 * 1000),
            rootCategory: CategoryURI(domain: configuration.domain, id: store.rootCategoryId),
            messageSizeLimit: limits.messageSize, storySizeLimit: limits.storySize, searchLimit: limits.searchLimit,
            defaultChatHistory: limits.defaultHistory, frameSizeLimit: limits.frameSize, databaseVersion: store.databaseId)
    }

    /// Checks an identity against the directory.
    func establish(_ request: EstablishRequest) -> Result<DirectoryEntry, ErrorPayload> {
        switch directory.authenticate(sipURI: request.user, password: request.password) {
        case .success(let entry):
            return .success(entry)
        case .failure(let refusal):
            let code: PersistentChatErrorCode = switch refusal {
            case .unknownURI: .noSuchPrincipal
            case .invalidURI: .invalidArgument
            default: .errorPermission
            }
            return .failure(ErrorPayload(code, ErrorDetail(rawValue: refusal.code), refusal.message))
        }
    }

    /// A room's snapshot for browse and join.
    func snapshot(_ room: ChatRoomRecord, _ category: ChatCategory, participants: Int) -> RoomSnapshotPayload {
        RoomSnapshotPayload(uri: room.uri, name: room.name, description: room.description, category: category.uri,
                            categoryName: category.name, privacy: room.privacy, behavior: room.behavior,
                            participants: participants)
    }

    /// Rooms matching the criteria that the user may see.
    func browse(_ request: BrowseRequest, user: DirectoryEntry) async throws(ErrorPayload) -> BrowseReply {
        guard request.criteria.count <= ProtocolLimits.maxNameLength else {
            throw ErrorPayload(.invalidArgument, .tooLong, "browse criteria is \(request.criteria.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
        }
        let matcher = RoomNameMatcher(request)
        let counts = await hub.counts()
        var rooms: [RoomSnapshotPayload] = []
        let limit = (request.maxResults ?? -1) < 0 ? Int.max : (request.maxResults ?? 0)
        for (room, category) in catalog.allRooms where rooms.count < limit {
            guard access.permissions(of: user, in: room, category: category).contains(.canView),
                  matcher.matches(room) else { continue }
            rooms.append(snapshot(room, category, participants: counts[room.id] ?? 0))
        }
        return BrowseReply(rooms: rooms)
    }

    /// Messages as sent on the wire.
    func payloads(_ messages: [StoredMessage], room: ChatRoomRecord) -> [ChatMessagePayload] {
        messages.compactMap { message in
            guard let author = SIPURI(message.author) else { return nil }
            return ChatMessagePayload(id: message.id, room: room.uri, roomName: room.name, author: author,
                                      text: message.text, alert: message.alert, ts: message.ts,
                                      clientMessageId: message.clientMessageId)
        }
    }

    /// The room a reference names, its category and the user's permissions; a room the user may not see
    /// is refused exactly like one that does not exist.
    func visibleRoom(_ reference: RoomReference, user: DirectoryEntry) throws(ErrorPayload) -> (ChatRoomRecord, ChatCategory, RoomPermissionMap) {
        try AccessControl.check(reference)
        guard let (room, category) = catalog.room(reference) else { throw AccessControl.noSuchRoom(reference) }
        let permissions = access.permissions(of: user, in: room, category: category)
        guard permissions.contains(.canView) else { throw AccessControl.noSuchRoom(reference) }
        return (room, category, permissions)
    }

    /// The last messages of a room the user may read.
    func history(_ request: HistoryRequest, user: DirectoryEntry) async throws(ErrorPayload) -> HistoryReply {
        let (room, _, permissions) = try visibleRoom(request.room, user: user)
        guard permissions.contains(.canReadHistory) else {
            throw ErrorPayload(.errorPermission, .membersOnly, "only members of '\(room.name)' may read its history")
        }
        let limit = configuration.limits.searchLimit
        guard (1...limit).contains(request.last) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "last must be between 1 and \(limit), got \(request.last)")
        }
        return HistoryReply(messages: payloads(try await read { try await self.store.recentMessages(roomId: room.id, count: request.last) }, room: room))
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
