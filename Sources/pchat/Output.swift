import ArgumentParser
import Foundation
import PersistentChat

/// Prints results as text or as one JSON object per line.
struct Output {
    let json: Bool

    func message(_ message: ChatMessage) {
        if json {
            line([
                "id": message.messageId, "room": message.chatRoomName, "roomUri": message.chatRoomUri.description,
                "author": message.messageAuthor.value, "text": message.messageContent, "alert": message.isAlert,
                "timestamp": ISO8601DateFormatter().string(from: message.timestamp),
            ])
        } else {
            let time = ISO8601DateFormatter().string(from: message.timestamp)
            emit("[\(time)] #\(message.messageId) \(message.messageAuthor.value)\(message.isAlert ? " (alert)" : ""): \(message.messageContent)")
        }
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
    }
}

/// Writes one line to standard output at once (no buffering, so `tail` shows messages as they come).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
