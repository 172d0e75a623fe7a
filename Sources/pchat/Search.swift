import ArgumentParser
import Foundation
import PersistentChat

struct Search: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Search the history of rooms you may read, without joining them.",
        discussion: """
            Without --room, every room you can see is searched and rooms that only their members may read are \
            skipped. A room named with --room that refuses is reported on stderr, the others are still searched, \
            and pchat exits with status 1.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to find (each a word prefix; all must occur); \"\" matches every message.") var query: String
    @Option(name: .customLong("room"), help: ArgumentHelp("A room to search, by name or ma-chan:// URI (repeat for more).", valueName: "room"))
    var rooms: [String] = []
    @Flag(help: "Match the query as one phrase.") var exact = false
    @Flag(help: "Match the case of the query exactly.") var caseSensitive = false
    @Option(name: .customLong("author"), help: ArgumentHelp("Only messages by this sip: URI (repeat for more).", valueName: "sip"))
    var authors: [String] = []
    @Option(help: ArgumentHelp("Only messages at or after this ISO 8601 time (or date).", valueName: "iso8601")) var since: String?
    @Option(help: ArgumentHelp("Only messages at or before this ISO 8601 time (or date).", valueName: "iso8601")) var until: String?
    @Option(help: "At most this many messages per room and page (the server's search limit wins).") var limit: Int?
    @Flag(help: "Search from the newest message back, and print newest first.") var newestFirst = false
    @Flag(help: "Fetch every page of matches, not just the first.") var allPages = false

    func validate() throws {
        for author in authors where SIPURI(author) == nil { throw ValidationError("--author '\(author)' is not a sip: URI") }
        for (name, value) in [("--since", since), ("--until", until)] {
            if let value, parseISO8601(value) == nil {
                throw ValidationError("\(name) '\(value)' is not an ISO 8601 time such as 2024-05-01T09:00:00Z or 2024-05-01")
            }
        }
        if let limit, limit < 1 { throw ValidationError("--limit must be at least 1") }
    }

    func run() async throws {
        var refused = false
        try await reportingFailures {
            let endpoint = try await global.connect()
            let output = Output(json: global.json)
            var summary = HistorySearchSummary()
            for target in try await targets(endpoint) {
                do {
                    try await RoomHistorySearch(endpoint: endpoint, room: target.uri, query: options, allPages: allPages,
                                                range: range, output: output).run(into: &summary)
                } catch let error as PersistentChatError where error.kind == .commandFailed && error.code == .errorPermission {
                    summary.skipped.append(target.label)
                    if target.named {
                        refused = true
                        note("skipped \(target.label): \(error.message) (\(error.code.name), \(error.detail))")
                    }
                }
            }
            summary.print(output)
            await endpoint.terminate()
        }
        if refused { throw ExitCode(1) }
    }

    /// The rooms given, or every room the caller can see or is a member of, by name.
    private func targets(_ endpoint: PersistentChatEndpoint) async throws -> [(uri: ChatRoomURI, label: String, named: Bool)] {
        if !rooms.isEmpty {
            var targets: [(uri: ChatRoomURI, label: String, named: Bool)] = []
            for room in rooms {
                let uri = try await endpoint.roomUri(room)
                targets.append((uri, room, true))
            }
            return targets
        }
        let services = endpoint.persistentChatServices
        var byUri: [ChatRoomURI: String] = [:]
        for room in try await services.browseMyChatRooms() + services.browseChatRoomsByCriteria("") {
            byUri[room.chatRoomUri] = room.name
        }
        return byUri.sorted { $0.value.lowercased() < $1.value.lowercased() }.map { ($0.key, $0.value, false) }
    }

    private var options: ChatHistoryQueryOptions {
        ChatHistoryQueryOptions(
            searchString: query, exactPhrase: exact, caseSensitive: caseSensitive, authors: authors.compactMap(SIPURI.init),
            from: range.lowerBound?.millisecondsSince1970, to: range.upperBound?.millisecondsSince1970, resultLimit: limit,
            searchOrderReversed: newestFirst, sortOrderReversed: newestFirst)
    }

    private var range: DateRange { DateRange(lowerBound: since.flatMap(parseISO8601), upperBound: until.flatMap(parseISO8601)) }

}

/// The optional bounds of `--since` and `--until`.
struct DateRange {
    var lowerBound: Date?
    var upperBound: Date?

    func contains(_ date: Date) -> Bool {
        // Messages carry milliseconds; compare at that precision, as the server does.
        let ms = date.millisecondsSince1970
        if let lowerBound, ms < lowerBound.millisecondsSince1970 { return false }
        if let upperBound, ms > upperBound.millisecondsSince1970 { return false }
        return true
    }
}
