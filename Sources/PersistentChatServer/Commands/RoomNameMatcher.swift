import Foundation
import PersistentChatProtocol

/// Matches rooms against browse criteria: terms or an exact phrase, in names and optionally descriptions.
struct RoomNameMatcher {
    private let terms: [String]
    private let matchAll: Bool
    private let searchDescription: Bool

    init(criteria: String, searchDescription: Bool, matchAll: Bool, matchExactPhrase: Bool) {
        let criteria = criteria.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        if matchExactPhrase {
            terms = criteria.isEmpty ? [] : [criteria]
        } else {
            terms = criteria.split(whereSeparator: \.isWhitespace).map(String.init)
        }
        self.matchAll = matchAll
        self.searchDescription = searchDescription
    }

    func matches(_ room: ChatRoomRecord) -> Bool {
        guard !terms.isEmpty else { return true }
        let name = room.name.lowercased()
        let description = searchDescription ? room.description.lowercased() : ""
        let hit = { (term: String) in name.contains(term) || (!description.isEmpty && description.contains(term)) }
        return matchAll ? terms.allSatisfy(hit) : terms.contains(where: hit)
    }
}
