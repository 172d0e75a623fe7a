import Foundation
import PersistentChat

/// Totals over every room searched, printed as the last line.
struct HistorySearchSummary {
    /// Every match, as the server counted them (first page of each room).
    var matches = 0
    var shown = 0
    var roomsSearched = 0
    /// Some room has matches beyond what was fetched.
    var more = false
    /// Rooms that refused the search (members only).
    var skipped: [String] = []

    func print(_ output: Output) {
        var text = "\(matches) \(matches == 1 ? "match" : "matches") in \(roomsSearched) \(roomsSearched == 1 ? "room" : "rooms")"
        if shown < matches { text += ", \(shown) shown" }
        if more { text += "; more: use --all-pages" }
        if !skipped.isEmpty { text += "; \(skipped.count) skipped (members only)" }
        output.line(["matches": matches, "shown": shown, "rooms": roomsSearched, "more": more, "skipped": skipped], text: text)
    }
}

/// One room's search: the first page, and with `allPages` the following ones, printing matches as they come.
struct RoomHistorySearch {
    let endpoint: PersistentChatEndpoint
    let room: ChatRoomURI
    let query: ChatHistoryQueryOptions
    let allPages: Bool
    let range: DateRange
    let output: Output

    func run(into summary: inout HistorySearchSummary) async throws {
        let services = endpoint.persistentChatServices
        var query = query
        var first = true
        while true {
            guard let result = try await services.queryChatHistory([room], query).first else { return }
            // The server ignores the dates when paging by id, so later pages are cut here at the range's end.
            let kept = result.messages.filter { range.contains($0.timestamp) }
            if first {
                summary.roomsSearched += 1
                summary.matches += result.searchResultsCount
                first = false
            }
            for message in kept {
                output.line(Output.object(message), text: "\(message.chatRoomName) \(Output.text(message))")
            }
            summary.shown += kept.count
            let more = result.exceededServerLimit && kept.count == result.messages.count
            // Search and sort order are reversed together, so the page's last message is the last in search order.
            guard more, allPages, let last = kept.last, last.messageId != query.startingMessageId else {
                summary.more = summary.more || more
                return
            }
            query.startingMessageId = last.messageId
        }
    }
}
