import Foundation
import PersistentChatProtocol

/// Matches rooms against browse criteria: terms or an exact phrase, in names and optionally descriptions.
struct RoomNameMatcher {
    private let terms: [String]
    private let matchAll: Bool
    private let searchDescription: Bool

    init(_ request: BrowseRequest) {
        let criteria = request.criteria.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        if request.matchExactPhrase {
            terms = criteria.isEmpty ? [] : [criteria]
        } else {
            terms = criteria.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        matchAll = request.matchAll
        searchDescription = request.searchDescription
    }

    func matches(_ room: ChatRoomRecord) -> Bool {
        guard !terms.isEmpty else { return true }
        let name = room.name.lowercased()
        let description = searchDescription ? room.description.lowercased() : ""
        let hit = { (term: String) in name.contains(term) || (!description.isEmpty && description.contains(term)) }
        return matchAll ? terms.allSatisfy(hit) : terms.contains(where: hit)
    }
}
