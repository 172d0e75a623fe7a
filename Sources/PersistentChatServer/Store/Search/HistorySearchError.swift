/// Why a history search was refused before it reached the database.
enum HistorySearchError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The search text has no letter or digit to look for (e.g. only punctuation); carries the text as given.
    case noSearchableTerms(String)
    /// The search text is longer than `HistorySearch.maximumTermsLength` characters.
    case tooLong
    /// The page size is below 1; carries the size as given.
    case invalidLimit(Int)

    /// A sentence naming the problem, suitable for an error detail.
    var description: String {
        switch self {
        case .noSearchableTerms(let terms):
            "the search text '\(terms)' contains no letters or digits to search for"
        case .tooLong:
            "the search text is longer than \(HistorySearch.maximumTermsLength) characters"
        case .invalidLimit(let limit):
            "the search limit must be at least 1, got \(limit)"
        }
    }
}
