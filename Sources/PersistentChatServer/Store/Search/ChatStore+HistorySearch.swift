import GRDB

extension ChatStore {
    /// Searches one room's stored history: counts every match, and returns one page in the search direction.
    ///
    /// Messages of rooms that keep no history are never stored, hence never found.
    func searchHistory(roomId: Int64, _ search: HistorySearch) async throws -> HistorySearchResult {
        try await pool.read { db in
            let matches = HistorySearchFilter(roomId: roomId, search: search)
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM messages AS m WHERE \(matches.sql)",
                                         arguments: matches.arguments) ?? 0
            let page = matches.afterStartingMessage(of: search)
            let direction = search.searchOrderReversed ? "DESC" : "ASC"
            // One row more than the page tells whether more matches follow.
            let fetchCount = search.limit < Int.max ? search.limit + 1 : search.limit
            let rows = try Row.fetchAll(db, sql: """
                SELECT m.id, m.room_id, m.author, m.text, m.alert, m.ts, m.client_message_id, m.story_title, m.parts
                FROM messages AS m WHERE \(page.sql) ORDER BY m.id \(direction) LIMIT ?
                """, arguments: page.arguments + [fetchCount])
            var messages = rows.prefix(search.limit).map(Self.message)
            if search.sortOrderReversed != search.searchOrderReversed {
                messages.reverse()
            }
            return HistorySearchResult(messages: messages, totalMatches: total, exceededLimit: rows.count > search.limit)
        }
    }
}
