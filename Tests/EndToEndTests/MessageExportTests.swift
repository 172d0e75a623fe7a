import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// `pchatd export`: a room's messages as JSON Lines match its history as the SDK reads it (ids, authors, times, kinds,
/// story titles, parts, file links); `--since`, `--files`, and clear refusals of unknown rooms and bad dates.
@Suite struct MessageExportTests {
    /// The records of the JSON Lines file at `url`.
    static func records(_ url: URL) throws -> [ExportedMessage] {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.hasSuffix("\n"))
        return try text.split(separator: "\n").map { try JSONDecoder().decode(ExportedMessage.self, from: Data($0.utf8)) }
    }

    /// Files beside the export whose names say they are unfinished.
    static func partials(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains(".partial-") }
    }

    @Test func anExportOfARoomMatchesItsHistory() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("alice", "team")
            let (_, bobTeam) = try await server.join("bob", "team")
            let plain = try await team.sendChatMessage("plain words")
            let alert = try await bobTeam.sendChatMessage("an alert from bob", alert: true)
            let story = try await team.sendChatMessage(storyTitle: "Quarterly report", content: "The numbers are in.")
            var message = FormattedOutboundChatMessage()
            message.appendPlainText("see ")
            message.appendHyperLink("the runbook", url: "https://wiki.example/runbook")
            message.appendEmoticon(.smile)
            let formatted = try await team.sendChatMessage(message)
            let contents = Data("exported file\n".utf8)
            let source = server.folder.appendingPathComponent("notes.txt")
            try contents.write(to: source)
            let upload = try await team.uploadFile(ChatRoomFileUploadJob(fileToUpload: source))
            let kinds: [Int64: ExportedMessage.Kind] = [plain: .text, alert: .text, story: .story, formatted: .formatted,
                                                        upload.messageId: .file]
            let (_, help) = try await server.join("alice", "help-desk")
            let elsewhere = try await help.sendChatMessage("not in the team room")

            let config = try ServerProcess.writeConfig(server.configuration, in: server.folder)
            let output = server.folder.appendingPathComponent("team.jsonl")
            let files = server.folder.appendingPathComponent("export-files")
            let outcome = try await runPchatd(["export", "--config", config, "--room", "TEAM", "--output", output.path,
                                               "--files", files.path])
            #expect(outcome.code == 0, "\(outcome.stderr)")
            #expect(outcome.stdout.contains("exported 5 messages"), "\(outcome.stdout)")

            let records = try Self.records(output)
            let history = try await bobTeam.getRecentChatHistory(999)
            #expect(records.map(\.id) == history.map(\.messageId))
            #expect(!records.map(\.id).contains(elsewhere))
            for (record, message) in zip(records, history) {
                #expect(record.room == "team" && record.roomUri == message.chatRoomUri.description)
                #expect(record.author == message.messageAuthor.value)
                #expect(record.ts == message.timestamp.millisecondsSince1970)
                #expect(try ExportDate.parse(record.time).millisecondsSince1970 == record.ts, "\(record.time)")
                #expect(record.kind == kinds[record.id], "message \(record.id)")
                #expect(record.storyTitle == message.storyTitle)
                #expect(record.text == message.messageContent)
                #expect(record.alert == message.isAlert)
                #expect(record.parts == message.formattedMessageParts)
            }
            let fileRecord = try #require(records.first { $0.id == upload.messageId })
            let file = try #require(fileRecord.files?.first)
            #expect(file.name == "notes.txt" && file.size == Int64(contents.count) && file.uri == upload.fileUri && file.copied == true)
            #expect(try Data(contentsOf: files.appendingPathComponent(file.key)) == contents)

            // --since keeps the messages received at or after the time: the story and those after it.
            let storyRecord = try #require(records.first { $0.id == story })
            let since = server.folder.appendingPathComponent("since.jsonl")
            let later = try await runPchatd(["export", "--config", config, "--room", "team", "--since", storyRecord.time,
                                             "--output", since.path])
            #expect(later.code == 0, "\(later.stderr)")
            #expect(try Self.records(since).map(\.id) == records.filter { $0.ts >= storyRecord.ts }.map(\.id))
            #expect(try Self.records(since).map(\.id).contains(story))

            // Without --room, every room's messages, in id order.
            let all = server.folder.appendingPathComponent("all.jsonl")
            #expect(try await runPchatd(["export", "--config", config, "--output", all.path]).code == 0)
            let everything = try Self.records(all).map(\.id)
            #expect(everything.contains(elsewhere) && Set(records.map(\.id)).isSubset(of: Set(everything)))
            #expect(everything == everything.sorted())
        }
    }

    @Test func unknownRoomsAndBadDatesAreRefusedAndNothingIsWritten() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("alice", "team")
            _ = try await team.sendChatMessage("hello")
            let config = try ServerProcess.writeConfig(server.configuration, in: server.folder)
            let output = server.folder.appendingPathComponent("out.jsonl")

            let unknown = try await runPchatd(["export", "--config", config, "--room", "team", "--room", "nowhere", "--output", output.path])
            #expect(unknown.code == 1)
            #expect(unknown.stderr.contains("pchatd: no room named 'nowhere'"), "\(unknown.stderr)")
            #expect(!unknown.stderr.contains("'team'"))

            let badDate = try await runPchatd(["export", "--config", config, "--since", "last tuesday", "--output", output.path])
            #expect(badDate.code == 1)
            #expect(badDate.stderr.contains("--since: 'last tuesday' is not a date"), "\(badDate.stderr)")

            #expect(!FileManager.default.fileExists(atPath: output.path))
            #expect(try Self.partials(server.folder).isEmpty)
        }
    }
}
