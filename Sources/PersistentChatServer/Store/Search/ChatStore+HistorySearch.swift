import GRDB

extension ChatStore {
    /// Searches one room's stored history: counts every match, and returns one page in the search direction.
    ///
    /// Messages of rooms that keep no history are never stored, hence never found.
    func searchHistory(roomId: Int64, _ search: HistorySearch) async throws -> HistorySearchResult {
        try await searchHistory(roomIds: [roomId], search)[roomId] ?? HistorySearchResult(messages: [], totalMatches: 0, exceededLimit: false)
    }

    /// Searches several rooms in one statement, so the full-text index is read once for all of them (a query per
    /// room would read every match of the terms once per room). Each room gets its own count and page.
    func searchHistory(roomIds: [Int64], _ search: HistorySearch) async throws -> [Int64: HistorySearchResult] {
        guard !roomIds.isEmpty else { return [:] }
        return try await pool.read { db in
            let matches = HistorySearchFilter(roomIds: roomIds, search: search)
            let page = HistorySearchFilter.pageCondition(of: search)
            let direction = search.searchOrderReversed ? "DESC" : "ASC"
            // One row more than the page tells whether more matches follow.
            let fetchCount = search.limit < Int.max ? search.limit + 1 : search.limit
            // `total` counts every match of a room; `position` numbers the matches on the page side of the starting
            // message. Each room's first row also comes back when it is not on the page, to carry the count.
            let rows = try Row.fetchAll(db, sql: """
                WITH hits AS (
                    SELECT m.id AS id, m.room_id AS room_id, (\(page.sql)) AS on_page FROM messages AS m WHERE \(matches.sql)
                ), ranked AS (
                    SELECT id, room_id, on_page, count(*) OVER (PARTITION BY room_id) AS total,
                           row_number() OVER (PARTITION BY room_id, on_page ORDER BY id \(direction)) AS position
                    FROM hits
                )
                SELECT r.total AS total, r.on_page AS on_page, r.position AS position,
                       m.id, m.room_id, m.author, m.text, m.alert, m.ts, m.client_message_id, m.story_title, m.parts
                FROM ranked AS r JOIN messages AS m ON m.id = r.id
                WHERE (r.on_page AND r.position <= ?) OR r.position = 1
                ORDER BY m.room_id, r.on_page, r.position
                """, arguments: StatementArguments(page.values + matches.values + [fetchCount]))
            var totals: [Int64: Int] = [:]
            var pages: [Int64: [StoredMessage]] = [:]
            for row in rows {
                let roomId: Int64 = row["room_id"]
                totals[roomId] = row["total"]
                if row["on_page"] as Bool { pages[roomId, default: []].append(Self.message(row)) }
            }
            var results: [Int64: HistorySearchResult] = [:]
            for roomId in roomIds {
                let found = pages[roomId] ?? []
                var messages = Array(found.prefix(search.limit))
                if search.sortOrderReversed != search.searchOrderReversed { messages.reverse() }
                results[roomId] = HistorySearchResult(messages: messages, totalMatches: totals[roomId] ?? 0,
                                                      exceededLimit: found.count > search.limit)
            }
            return results
        }
    }
}
