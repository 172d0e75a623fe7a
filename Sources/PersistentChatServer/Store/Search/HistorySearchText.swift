import Foundation

/// The text part of a history search, turned into an FTS5 expression made only of string literals.
///
/// User text never reaches FTS5 as syntax: every term becomes a double-quoted FTS5 string (embedded quotes
/// doubled, control characters turned into spaces), so `AND`, `OR`, `NEAR(…)`, `col:`, `^`, `-` and `*` typed by
/// a user are just text that the tokenizer splits into words like any other.
struct HistorySearchText: Sendable, Equatable {
    /// The FTS5 `MATCH` expression, e.g. `"hello"* "wor"*` or `"hello world"`.
    let match: String
    /// What must occur with exactly this case (in text or story title) when the search is case-sensitive: each
    /// term, or the whole phrase, without leading and trailing punctuation.
    let needles: [String]

    /// Parses the user's search text.
    ///
    /// Not exact: whitespace-separated terms, each a word prefix, all required. Exact: the whole text as one
    /// phrase (whitespace runs count as one space). Terms without any letter or digit are dropped, as the
    /// tokenizer would drop them anyway.
    /// - Returns: nil when `terms` is empty or only whitespace: no text filter.
    /// - Throws: `.noSearchableTerms` when there is text but not a single letter or digit in it.
    static func parse(_ terms: String, exactPhrase: Bool) throws(HistorySearchError) -> HistorySearchText? {
        let words = terms.split(whereSeparator: isSeparator).map(String.init)
        guard !words.isEmpty else { return nil }
        let searchable = words.filter { $0.contains(where: isTokenCharacter) }
        guard !searchable.isEmpty else { throw .noSearchableTerms(terms) }
        if exactPhrase {
            let phrase = words.joined(separator: " ")
            return HistorySearchText(match: literal(phrase), needles: [trimmed(phrase)])
        }
        return HistorySearchText(match: searchable.map { literal($0) + "*" }.joined(separator: " "),
                                 needles: searchable.map(trimmed))
    }

    /// `text` as an FTS5 string literal: double-quoted, quotes doubled.
    private static func literal(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `text` without the leading and trailing characters the tokenizer ignores.
    private static func trimmed(_ text: String) -> String {
        guard let first = text.firstIndex(where: isTokenCharacter),
              let last = text.lastIndex(where: isTokenCharacter) else { return "" }
        return String(text[first...last])
    }

    /// Whitespace and control characters (a NUL would end an FTS5 string early) separate terms.
    private static func isSeparator(_ character: Character) -> Bool {
        character.isWhitespace || character.unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Whether the `unicode61` tokenizer keeps `character` in a token: letters, numbers and private-use
    /// characters (its default categories `L* N* Co`); everything else separates tokens.
    static func isTokenCharacter(_ character: Character) -> Bool {
        character.unicodeScalars.contains { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .decimalNumber, .letterNumber, .otherNumber, .privateUse:
                true
            default:
                false
            }
        }
    }
}
