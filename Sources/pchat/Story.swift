import ArgumentParser
import Foundation
import PersistentChat

struct Story: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post a story, a titled longer message, to a room.",
        discussion: "The body is read from standard input when it is `-` or left out.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room, by name or ma-chan:// URI.") var room: String
    @Argument(help: "The story's title.") var title: String
    @Argument(help: "The story's body, or - for standard input.") var body: String?
    @Flag(help: "Post it as an alert.") var alert = false

    func run() async throws {
        try await reportingFailures {
            let content = try readBody()
            let endpoint = try await global.connect()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(room, history: 0)
            let id = try await session.sendChatMessage(storyTitle: title, content: content, alert: alert)
            Output(json: global.json).line(["id": id, "room": session.name, "title": title],
                                           text: "posted story #\(id) to \(session.name)")
            await endpoint.terminate()
        }
    }

    /// The body as given, or standard input without its final line break.
    private func readBody() throws -> String {
        if let body, body != "-" { return body }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("standard input is not UTF-8 text") }
        // "\r\n" is one Character, so this drops either kind of line break.
        return text.last?.isNewline == true ? String(text.dropLast()) : text
    }
}
