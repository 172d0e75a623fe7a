import ArgumentParser
import Foundation
import PersistentChat

/// Prints results as text or as one JSON object per line.
struct Output {
    let json: Bool

    func message(_ message: ChatMessage) {
        line(Self.object(message), text: Self.text(message))
    }

    /// A message as a JSON object: `storyTitle` only for stories.
    static func object(_ message: ChatMessage) -> [String: Any] {
        var object: [String: Any] = [
            "id": message.messageId, "room": message.chatRoomName, "roomUri": message.chatRoomUri.description,
            "author": message.messageAuthor.value, "text": message.messageContent, "alert": message.isAlert,
            "timestamp": ISO8601DateFormatter().string(from: message.timestamp),
        ]
        if let title = message.storyTitle { object["storyTitle"] = title }
        return object
    }

    /// A message as one line of text: `[TIME] #ID AUTHOR (alert) (story "TITLE"): TEXT`.
    static func text(_ message: ChatMessage) -> String {
        let time = ISO8601DateFormatter().string(from: message.timestamp)
        let story = message.storyTitle.map { " (story \"\($0)\")" } ?? ""
        return "[\(time)] #\(message.messageId) \(message.messageAuthor.value)\(message.isAlert ? " (alert)" : "")\(story): \(message.messageContent)"
    }

    func room(_ room: ChatRoomSnapshot) {
        if json {
            line([
                "name": room.name, "uri": room.chatRoomUri.description, "description": room.description,
                "category": room.parentCategoryName, "privacy": room.privacy.rawValue, "behavior": room.behavior.rawValue,
                "participants": room.numberOfParticipants,
            ])
        } else {
            emit("\(room.name)\t\(room.privacy.rawValue)\t\(room.behavior.rawValue)\t\(room.numberOfParticipants) joined\t\(room.chatRoomUri)\t\(room.description)")
        }
    }

    /// Prints a JSON object (keys sorted) or the text form.
    func line(_ object: [String: Any], text: String? = nil) {
        if json {
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]) {
                emit(String(decoding: data, as: UTF8.self))
            }
        } else if let text {
            emit(text)
        }
    }
}

/// Runs a subcommand body, turning SDK errors into the server's reason on stderr and a non-zero exit.
func reportingFailures(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as PersistentChatError {
        FileHandle.standardError.write(Data("pchat: \(error.message) (\(error.code.name), \(error.detail))\n".utf8))
        throw ExitCode(error.kind == .connection ? 3 : 1)
    } catch let failure as CommandFailure {
        FileHandle.standardError.write(Data("pchat: \(failure.message)\n".utf8))
        throw ExitCode(1)
    }
}

/// Writes one line to standard output at once (no buffering, so `tail` shows messages as they come).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

/// A JSON value: the string, or null.
func orNull(_ value: String?) -> Any { value.map { $0 as Any } ?? NSNull() }

/// Writes a note for people to standard error (`pchat: TEXT`), keeping standard output to results.
func note(_ text: String) {
    FileHandle.standardError.write(Data("pchat: \(text)\n".utf8))
}
