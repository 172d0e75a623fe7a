import PersistentChatDirectory
import PersistentChatProtocol

/// Recent history and full-text history queries.
extension ServerCore {
    /// Most rooms one query may span.
    static let maxRoomsPerQuery = 100

    /// The last messages of a room the user may read.
    func history(_ request: HistoryRequest, user: DirectoryEntry) async throws(ErrorPayload) -> HistoryReply {
        let room = try readableRoom(request.room, user: user)
        let limit = configuration.limits.searchLimit
        guard (1...limit).contains(request.last) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "last must be between 1 and \(limit), got \(request.last)")
        }
        return HistoryReply(messages: payloads(try await read { try await self.store.recentMessages(roomId: room.id, count: request.last) }, room: room))
    }

    /// Searches the history of each room (the caller must be allowed to read each; joining is not needed).
    func queryHistory(_ request: QueryHistoryRequest, user: DirectoryEntry) async throws(ErrorPayload) -> QueryHistoryReply {
        guard !request.rooms.isEmpty else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "name at least one room to search")
        }
        guard request.rooms.count <= Self.maxRoomsPerQuery else {
            throw ErrorPayload(.limitExceeded, .invalidArgument,
                               "a query spans at most \(Self.maxRoomsPerQuery) rooms, got \(request.rooms.count)")
        }
        let rooms = try request.rooms.map { uri throws(ErrorPayload) in try readableRoom(.uri(uri), user: user) }
        let search = try historySearch(request.query)
        var results: [HistoryResultPayload] = []
        for room in rooms {
            let found = try await read { try await self.store.searchHistory(roomId: room.id, search) }
            results.append(HistoryResultPayload(room: room.uri, roomName: room.name, messages: payloads(found.messages, room: room),
                                                exceededServerLimit: found.exceededLimit, searchResultsCount: found.totalMatches))
        }
        return QueryHistoryReply(results: results)
    }

    /// A room whose history the user may read.
    private func readableRoom(_ reference: RoomReference, user: DirectoryEntry) throws(ErrorPayload) -> ChatRoomRecord {
        let (room, _, permissions) = try visibleRoom(reference, user: user)
        guard permissions.contains(.canReadHistory) else {
            throw ErrorPayload(.errorPermission, .membersOnly, "only members of '\(room.name)' may read its history")
        }
        return room
    }

    /// Validates a query and bounds its page by the server's search limit.
    private func historySearch(_ query: HistoryQueryPayload) throws(ErrorPayload) -> HistorySearch {
        let serverLimit = configuration.limits.searchLimit
        let limit = query.resultLimit ?? serverLimit
        guard limit >= 1 else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "resultLimit must be at least 1, got \(limit)")
        }
        if let from = query.from, let to = query.to, from > to {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "the date range ends (\(to)) before it begins (\(from))")
        }
        do {
            return try HistorySearch(
                terms: query.searchString, exactPhrase: query.exactPhrase, caseSensitive: query.caseSensitive,
                authors: query.authors.map(\.value), from: query.from, to: query.to,
                startingMessageId: query.startingMessageId, limit: min(limit, serverLimit),
                searchOrderReversed: query.searchOrderReversed, sortOrderReversed: query.sortOrderReversed)
        } catch .tooLong {
            throw ErrorPayload(.invalidArgument, .tooLong,
                               "the search string is \(query.searchString.count) characters; the limit is \(HistorySearch.maximumTermsLength)")
        } catch {
            throw ErrorPayload(.invalidArgument, .noSearchableTerms, "\(error)")
        }
    }
}
