import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PersistentChat
import PersistentChatServer
import Testing

/// Uploads become file links in the room; downloads re-check access; sizes, categories and tokens are enforced.
@Suite struct FileTransferTests {
    func makeFile(_ folder: URL, _ name: String, bytes: Int) throws -> (URL, Data) {
        let data = Data((0..<bytes).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return (url, data)
    }

    @Test func anUploadIsPostedAndAnotherMemberDownloadsIt() async throws {
        try await withTestServer { server in
            let alice = try await server.connect("alice")
            let management = alice.persistentChatServices.chatRoomManagementServices
            let help = try #require(try await management.findCategoriesWithCreateRights().first { $0.name == "Help" })
            var settings = ChatRoomSettings(name: "files", parentCategoryUri: help.uri)
            settings.members = ["sip:bob@contoso.com"]
            let room = try await management.createChatRoom(settings)
            let uploader = ChatRoomSession(endpoint: alice)
            try await uploader.join(uri: room)
            let (_, reader) = try await server.join("bob", "files")
            let (file, data) = try makeFile(server.folder, "report.bin", bytes: 600 * 1024)
            let job = ChatRoomFileUploadJob(fileToUpload: file)
            let reports = Task { await job.progress.reduce(into: [ChatRoomFileTransferProgress]()) { $0.append($1) } }
            let result = try await uploader.uploadFile(job)
            let progress = await reports.value
            #expect(progress.last?.completed == true && progress.last?.percentTransferred == 100)
            #expect(progress.count >= 4, "600 KiB in 256 KiB chunks reports at least 0, 3 chunks")
            #expect(result.fileUri.hasPrefix("ma-filelink://contoso.com/"))

            let message = try #require(await first(reader.messages) { $0.messageId == result.messageId })
            let link = try #require(message.fileDownloadLinks.first)
            guard case .fileLink(let name, let size, let uri) = link else { Issue.record("not a file link"); return }
            #expect(name == "report.bin" && size == Int64(data.count) && uri == result.fileUri)
            #expect(message.messageContent.contains("report.bin"))

            let destination = server.folder.appendingPathComponent("downloaded.bin")
            try await reader.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: destination))
            #expect(try Data(contentsOf: destination) == data)

            // Removed from the room, bob can no longer download it from anywhere, and nothing is written.
            try await management.removeUsersOrGroupsFromRole(.member, room: room, references: ["sip:bob@contoso.com"])
            let other = try await server.connect("bob")
            let elsewhere = ChatRoomSession(endpoint: other)
            try await elsewhere.join(name: "help-desk")
            let target = server.folder.appendingPathComponent("refused.bin")
            let refused = await chatError { try await elsewhere.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: target)) }
            #expect(refused?.code == .errorPermission && refused?.detail == .membersOnly)
            #expect(!FileManager.default.fileExists(atPath: target.path))
        }
    }

    @Test func categoriesSizesAndTokensAreEnforced() async throws {
        var limits = ServerLimits()
        limits.fileSize = 1000
        try await withTestServer(limits: limits) { server in
            let (alice, team) = try await server.join("alice", "team")
            let (big, _) = try makeFile(server.folder, "big.bin", bytes: 1001)
            let tooLarge = await chatError { try await team.uploadFile(ChatRoomFileUploadJob(fileToUpload: big)) }
            #expect(tooLarge?.code == .limitExceeded && tooLarge?.detail == .fileTooLarge)

            let quiet = ChatRoomSession(endpoint: alice)
            try await quiet.join(name: "quiet")
            #expect(!quiet.isFilePostAllowed)
            let (small, _) = try makeFile(server.folder, "small.txt", bytes: 10)
            let forbidden = await chatError { try await quiet.uploadFile(ChatRoomFileUploadJob(fileToUpload: small)) }
            #expect(forbidden?.code == .errorPermission && forbidden?.detail == .filePostNotAllowed)

            // A made-up token gets 401 with the Lync code; a file URI of no file is NoSuchNode.
            let url = try #require(URL(string: server.url.replacingOccurrences(of: "ws://", with: "http://") + "/pchat/v1/files/not-a-token"))
            let (body, response) = try await URLSession.shared.data(from: url)
            #expect((response as? HTTPURLResponse)?.statusCode == 401)
            #expect(String(decoding: body, as: UTF8.self).contains("InvalidToken"))
            let missing = await chatError {
                try await team.downloadFile(ChatRoomFileDownloadJob(
                    link: .fileLink(name: "x", size: 1, uri: "ma-filelink://contoso.com/00000000-0000-0000-0000-000000000000"),
                    destinationPath: server.folder.appendingPathComponent("x")))
            }
            #expect(missing?.code == .noSuchNode)
            #expect(!FileManager.default.fileExists(atPath: server.folder.appendingPathComponent("x").path))

            // Nothing was posted by the refused uploads.
            #expect(try await team.getRecentChatHistory(5).isEmpty)
        }
    }

    @Test func aCancelledUploadPostsNothing() async throws {
        try await withTestServer { server in
            let (_, team) = try await server.join("alice", "team")
            let (file, _) = try makeFile(server.folder, "cancel.bin", bytes: 2 * 1024 * 1024)
            let job = ChatRoomFileUploadJob(fileToUpload: file)
            let canceller = Task {
                for await report in job.progress where report.bytesTransferred > 0 {
                    job.cancelJob()
                    break
                }
            }
            let error = await chatError { try await team.uploadFile(job) }
            await canceller.value
            #expect(error?.kind == .cancelled)
            #expect(job.percentComplete < 100)
            #expect(try await team.getRecentChatHistory(5).isEmpty)
        }
    }
}
