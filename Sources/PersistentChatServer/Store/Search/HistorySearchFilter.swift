import GRDB

/// The SQL condition selecting a history search's matches in `messages AS m`.
///
/// Only fixed SQL is written here; every value (room, FTS5 expression, needles, authors, dates, ids) is a bound
/// parameter.
struct HistorySearchFilter {
    /// The condition, e.g. `m.room_id IN (?) AND m.id IN (SELECT rowid FROM messages_fts WHERE …)`.
    let sql: String
    /// The values of the condition's placeholders, in order.
    let values: [(any DatabaseValueConvertible)?]

    /// Every match of `search` in the rooms: text, case, authors and, unless paging by id, the date range.
    init(roomIds: [Int64], search: HistorySearch) {
        var clauses = ["m.room_id IN (" + roomIds.map { _ in "?" }.joined(separator: ", ") + ")"]
        var values: [(any DatabaseValueConvertible)?] = roomIds
        if let text = search.text {
            let table = HistorySearchSchema.table
            clauses.append("m.id IN (SELECT rowid FROM \(table) WHERE \(table) MATCH ?)")
            values.append(text.match)
            if search.caseSensitive {
                // `instr` is case-sensitive: this keeps only exact-case occurrences of what FTS5 found.
                for needle in text.needles {
                    clauses.append("(instr(m.text, ?) > 0 OR instr(coalesce(m.story_title, ''), ?) > 0)")
                    values += [needle, needle]
                }
            }
        }
        let authors = Array(Set(search.authors)).sorted()
        if !authors.isEmpty {
            clauses.append("m.author IN (" + authors.map { _ in "?" }.joined(separator: ", ") + ")")
            for author in authors {
                values.append(author)
            }
        }
        if search.startingMessageId == nil {
            if let from = search.from {
                clauses.append("m.ts >= ?")
                values.append(from)
            }
            if let to = search.to {
                clauses.append("m.ts <= ?")
                values.append(to)
            }
        }
        self.init(sql: clauses.joined(separator: " AND "), values: values)
    }

    /// A filter from its parts.
    private init(sql: String, values: [(any DatabaseValueConvertible)?]) {
        self.sql = sql
        self.values = values
    }

    /// Whether a match lies strictly after `search.startingMessageId` in the search direction, as an SQL
    /// expression over `m` with its values (always true without a starting message).
    static func pageCondition(of search: HistorySearch) -> (sql: String, values: [(any DatabaseValueConvertible)?]) {
        guard let start = search.startingMessageId else { return ("1", []) }
        return (search.searchOrderReversed ? "m.id < ?" : "m.id > ?", [start])
    }

    /// The values as GRDB statement arguments.
    var arguments: StatementArguments {
        StatementArguments(values)
    }
}
