/// A history search (Lync `ChatHistoryQueryOptions`).
public struct HistoryQueryPayload: Codable, Sendable, Equatable {
    /// Space-separated terms, or one phrase when `exactPhrase`; empty: no text filter.
    public var searchString: String
    public var exactPhrase: Bool
    public var caseSensitive: Bool
    /// SIP URIs of authors to keep; empty: any.
    public var authors: [SIPURI]
    /// Milliseconds since 1970, inclusive; either alone bounds one side.
    public var from: Int64?
    public var to: Int64?
    /// Per room; the server's search limit wins. Nil: the server's limit.
    public var resultLimit: Int?
    /// Search newest first.
    public var searchOrderReversed: Bool
    /// Return newest first.
    public var sortOrderReversed: Bool
    /// Continue after this message id (paging); dates are then ignored.
    public var startingMessageId: Int64?

    public init(searchString: String = "", exactPhrase: Bool = false, caseSensitive: Bool = false, authors: [SIPURI] = [],
                from: Int64? = nil, to: Int64? = nil, resultLimit: Int? = nil, searchOrderReversed: Bool = false,
                sortOrderReversed: Bool = false, startingMessageId: Int64? = nil) {
        self.searchString = searchString
        self.exactPhrase = exactPhrase
        self.caseSensitive = caseSensitive
        self.authors = authors
        self.from = from
        self.to = to
        self.resultLimit = resultLimit
        self.searchOrderReversed = searchOrderReversed
        self.sortOrderReversed = sortOrderReversed
        self.startingMessageId = startingMessageId
    }

    enum CodingKeys: String, CodingKey {
        case searchString, exactPhrase, caseSensitive, authors, from, to, resultLimit, searchOrderReversed
        case sortOrderReversed, startingMessageId
    }

    /// Every key is optional on the wire.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        searchString = try c.decodeIfPresent(String.self, forKey: .searchString) ?? ""
        exactPhrase = try c.decodeIfPresent(Bool.self, forKey: .exactPhrase) ?? false
        caseSensitive = try c.decodeIfPresent(Bool.self, forKey: .caseSensitive) ?? false
        authors = try c.decodeIfPresent([SIPURI].self, forKey: .authors) ?? []
        from = try c.decodeIfPresent(Int64.self, forKey: .from)
        to = try c.decodeIfPresent(Int64.self, forKey: .to)
        resultLimit = try c.decodeIfPresent(Int.self, forKey: .resultLimit)
        searchOrderReversed = try c.decodeIfPresent(Bool.self, forKey: .searchOrderReversed) ?? false
        sortOrderReversed = try c.decodeIfPresent(Bool.self, forKey: .sortOrderReversed) ?? false
        startingMessageId = try c.decodeIfPresent(Int64.self, forKey: .startingMessageId)
    }
}

/// Search the history of one or more rooms the caller is a member of, joined or not.
public struct QueryHistoryRequest: ChatCommand {
    public typealias Reply = QueryHistoryReply
    public static let name = "queryHistory"
    public var rooms: [ChatRoomURI]
    public var query: HistoryQueryPayload
    public init(rooms: [ChatRoomURI], query: HistoryQueryPayload) {
        self.rooms = rooms
        self.query = query
    }
}

/// One room's search result (Lync `ChatHistoryResult`).
public struct HistoryResultPayload: Codable, Sendable, Equatable {
    public var room: ChatRoomURI
    public var roomName: String
    public var messages: [ChatMessagePayload]
    /// More matches exist: ask again with `startingMessageId` set to the last message's id.
    public var exceededServerLimit: Bool
    /// Every match of the query.
    public var searchResultsCount: Int
    public init(room: ChatRoomURI, roomName: String, messages: [ChatMessagePayload], exceededServerLimit: Bool,
                searchResultsCount: Int) {
        self.room = room
        self.roomName = roomName
        self.messages = messages
        self.exceededServerLimit = exceededServerLimit
        self.searchResultsCount = searchResultsCount
    }
}

/// One result per room, in the order asked.
public struct QueryHistoryReply: Codable, Sendable, Equatable {
    public var results: [HistoryResultPayload]
    public init(results: [HistoryResultPayload]) { self.results = results }
}
