import Foundation
import PersistentChatProtocol

/// How formatted parts are kept in the `messages.parts` column: the wire JSON.
enum MessageEncoding {
    static func encodeParts(_ parts: [MessagePartPayload]) -> String? {
        (try? JSONEncoder().encode(parts)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func decodeParts(_ text: String) -> [MessagePartPayload]? {
        try? JSONDecoder().decode([MessagePartPayload].self, from: Data(text.utf8))
    }
}
