import PersistentChatDirectory
import PersistentChatProtocol

/// Recent history and full-text history queries.
extension ServerCore {
    /// Most rooms one query may span.
    static let maxRoomsPerQuery = 100
    /// Most message bytes one reply carries; a longer result is cut and marked as exceeding the server's limit, so a
    /// reply always fits a client's frame and the server never builds a huge one.
    static let replyByteBudget = 8 << 20

    /// The bytes a message adds to a reply, roughly.
    static func replyBytes(_ message: StoredMessage) -> Int {
        message.text.utf8.count + (message.storyTitle?.utf8.count ?? 0) + (message.parts?.utf8.count ?? 0) + 256
    }

    /// The leading messages, in the order given, that fit `budget` (which they use up).
    static func leading(_ messages: some Sequence<StoredMessage>, within budget: inout Int) -> [StoredMessage] {
        var kept: [StoredMessage] = []
        for message in messages {
            let size = replyBytes(message)
            guard size <= budget else { break }
            budget -= size
            kept.append(message)
        }
        return kept
    }

    /// The newest messages of an oldest-first list that fit one reply, oldest first.
    static func newestWithinReply(_ messages: [StoredMessage]) -> [StoredMessage] {
        var budget = replyByteBudget
        return leading(messages.reversed(), within: &budget).reversed()
    }

    /// The last messages of a room the user may read, or the last ones before a message id (paging back).
    func history(_ request: HistoryRequest, user: DirectoryEntry) async throws(ErrorPayload) -> HistoryReply {
        let room = try readableRoom(request.room, user: user)
        let limit = configuration.limits.searchLimit
        guard (1...limit).contains(request.last) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "last must be between 1 and \(limit), got \(request.last)")
        }
        let before = request.before ?? .max
        let recent = try await read { try await self.store.recentMessages(roomId: room.id, count: request.last, before: before) }
        return HistoryReply(messages: payloads(Self.newestWithinReply(recent), room: room))
    }

    /// Searches the history of each room (the caller must be allowed to read each; joining is not needed).
    /// A search that spans more than one room counts against the caller's `searches_per_minute`.
    func queryHistory(_ request: QueryHistoryRequest, caller: Caller) async throws(ErrorPayload) -> QueryHistoryReply {
        let user = caller.entry
        guard !request.rooms.isEmpty else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "name at least one room to search")
        }
        guard request.rooms.count <= Self.maxRoomsPerQuery else {
            throw ErrorPayload(.limitExceeded, .tooLong,
                               "a query spans at most \(Self.maxRoomsPerQuery) rooms, got \(request.rooms.count)")
        }
        var seen = Set<ChatRoomURI>()
        let uris = request.rooms.filter { seen.insert($0).inserted }
        let rooms = try uris.map { uri throws(ErrorPayload) in try readableRoom(.uri(uri), user: user) }
        let search = try historySearch(request.query)
        if rooms.count > 1 { try quotas.takeSearch(caller.uri) }
        var results: [HistoryResultPayload] = []
        var budget = Self.replyByteBudget
        let store = store
        let ids = rooms.map(\.id)
        let everyRoom = try await read { try await store.searchHistory(roomIds: ids, search) }
        for room in rooms {
            let found = everyRoom[room.id] ?? HistorySearchResult(messages: [], totalMatches: 0, exceededLimit: false)
            // Cut in search order, so paging from the last id kept goes on where this page stopped.
            let inSearchOrder = search.sortOrderReversed == search.searchOrderReversed ? found.messages : found.messages.reversed()
            let kept = Self.leading(inSearchOrder, within: &budget)
            let cut = kept.count < found.messages.count
            let page = search.sortOrderReversed == search.searchOrderReversed ? kept : kept.reversed()
            results.append(HistoryResultPayload(room: room.uri, roomName: room.name, messages: payloads(page, room: room),
                                                exceededServerLimit: found.exceededLimit || cut, searchResultsCount: found.totalMatches))
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
