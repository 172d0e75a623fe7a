import Foundation
import GRDB
import Logging
import PersistentChat
import PersistentChatServer
import Synchronization
import Testing

/// `pchatd backup DEST`: an online copy of a running pchatd's data folder, taken with SQLite's backup API while posts
/// keep arriving; the copy opens, holds every post acknowledged before it began, and a pchatd serves it.
@Suite struct DataFolderBackupTests {
    /// The ids of the messages of `room` in the database at `path`, in order.
    static func messageIds(in path: String, room: String) throws -> [Int64] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in
            try Int64.fetchAll(db, sql: """
                SELECT messages.id FROM messages JOIN rooms ON rooms.id = messages.room_id WHERE rooms.name = ? ORDER BY messages.id
                """, arguments: [room])
        }
    }

    /// SQLite's own check of the database at `path`.
    static func quickCheck(_ path: String) throws -> [String] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        defer { try? queue.close() }
        return try queue.read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
    }

    /// bob posts 800 long messages to help-desk on the server at `url`, and waits for them to be stored.
    static func seed(_ url: String) async throws {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:bob@contoso.com", password: TestDirectory.password))
        try await withCleanUp {
            try await endpoint.establish()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(name: "help-desk", history: 0)
            let text = String(repeating: "seed words to fill pages ", count: 240)
            var queued: [QueuedChatMessage] = []
            for index in 0..<800 { queued.append(try await session.queueChatMessage("\(index) \(text)")) }
            for post in queued { _ = try await post.acknowledged() }
        } cleanUp: {
            await endpoint.terminate()
        }
    }

    @Test func aBackupTakenDuringPostsHoldsEveryAcknowledgedPostAndAPchatdServesIt() async throws {
        try await withTestFolder { folder in
            let config = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            // The backup is the data folder of a second test server's folder, which then runs on it.
            let second = folder.appendingPathComponent("second")
            try FileManager.default.createDirectory(at: second, withIntermediateDirectories: true)
            let backup = second.appendingPathComponent("data")
            let contents = Data("quarterly numbers\n".utf8)

            let (before, acknowledged, fileURI) = try await withServerProcess(config: config) { server in
                let url = try await server.waitForURL()
                let uploaded = try await DataOnDiskTests.upload(to: url, folder: folder)
                let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
                    platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:alice@contoso.com",
                    password: TestDirectory.password))
                return try await withCleanUp {
                    // A few megabytes elsewhere, so the database is copied in several steps.
                    try await Self.seed(url)
                    try await endpoint.establish()
                    let session = ChatRoomSession(endpoint: endpoint)
                    try await session.join(name: "team", history: 0)
                    let acked = Mutex<[Int64]>([])
                    let stop = Atomic(false)
                    // A steady stream: one post every 10 ms, each acknowledged before the next.
                    let poster = Task {
                        var index = 0
                        while !stop.load(ordering: .relaxed), index < 700 {
                            let id = try await session.sendChatMessage("steady \(index)")
                            acked.withLock { $0.append(id) }
                            index += 1
                            try await Task.sleep(for: .milliseconds(10))
                        }
                    }
                    #expect(await eventually(within: 20) { acked.withLock { $0.count } >= 30 }, "the stream did not start")
                    let before = acked.withLock { $0 }
                    let outcome = try await runPchatd(["backup", backup.path, "--config", config])
                    let afterBackup = acked.withLock { $0.count }
                    stop.store(true, ordering: .relaxed)
                    try await poster.value
                    #expect(outcome.code == 0, "\(outcome.stderr)")
                    #expect(outcome.stdout.contains("backed up"), "\(outcome.stdout)")
                    #expect(afterBackup > before.count, "no post was acknowledged while the backup ran")
                    return (before, acked.withLock { $0 }, uploaded.fileUri)
                } cleanUp: {
                    await endpoint.terminate()
                }
            }

            // The copy is whole, self-contained (no write-ahead log beside it) and marked as a backup.
            let database = backup.appendingPathComponent("pchat.sqlite").path
            #expect(try Self.quickCheck(database) == ["ok"])
            #expect((try FileManager.default.attributesOfItem(atPath: database)[.size] as? Int ?? 0) > 3 * 256 * 4096,
                    "the database fits in fewer than three steps of 256 pages")
            let names = Set(try FileManager.default.contentsOfDirectory(atPath: backup.path))
            #expect(names == ["pchat.sqlite", "files", "backup.json"], "\(names)")
            let manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: backup.appendingPathComponent("backup.json")))
            #expect(manifest.format == "pchatd-backup" && manifest.files == 1 && manifest.fileBytes == Int64(contents.count))
            let key = try #require(fileURI.split(separator: "/").last.map(String.init))
            #expect(try Data(contentsOf: backup.appendingPathComponent("files/\(key)")) == contents)

            // Every post acknowledged before the backup began is there, and the copy is one moment of the database:
            // the stream's posts up to its newest, none missing in between.
            let stored = try Self.messageIds(in: database, room: "team")
            #expect(Set(before).isSubset(of: Set(stored)), "missing: \(Set(before).subtracting(stored).sorted())")
            let newest = try #require(stored.last)
            #expect(Set(acknowledged.filter { $0 <= newest }).isSubset(of: Set(stored)))
            #expect(manifest.messages == (try Self.messageIds(in: database, room: "help-desk").count) + stored.count)

            // A pchatd started on the backup serves the history and the file.
            try await withTestServer(folder: second) { server in
                let bob = try await server.connect("bob")
                let history = try await bob.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 999)
                #expect(history.map(\.messageId) == stored)
                #expect(Set(before).isSubset(of: Set(history.map(\.messageId))))
                let link = try #require(history.first { !$0.fileDownloadLinks.isEmpty }?.fileDownloadLinks.first)
                let (_, session) = try await server.join("bob", "team", history: 0)
                let target = folder.appendingPathComponent("downloaded.txt")
                try await session.downloadFile(ChatRoomFileDownloadJob(link: link, destinationPath: target))
                #expect(try Data(contentsOf: target) == contents)
            }
        }
    }

    @Test func aBackupNeverReplacesAFolderAndAFailedOneLeavesNothing() async throws {
        try await withTestFolder { folder in
            let logger = Logger(label: "backup-test")
            let existing = folder.appendingPathComponent("existing")
            try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
            let noData = folder.appendingPathComponent("no-data").path
            #expect(throws: DataFolderError.noDatabase(path: noData + "/pchat.sqlite")) {
                try DataFolderBackup(dataDirectory: noData, destination: folder.appendingPathComponent("b").path, logger: logger).run()
            }
            try await withTestServer(folder: folder) { server in
                #expect(throws: DataFolderError.destinationExists(path: existing.path)) {
                    try DataFolderBackup(dataDirectory: server.configuration.dataDirectory, destination: existing.path, logger: logger).run()
                }
                let outcome = try await runPchatd(["backup", existing.path, "--config",
                                                   try ServerProcess.writeConfig(server.configuration, in: folder)])
                #expect(outcome.code == 1)
                #expect(outcome.stderr.contains("pchatd: \(existing.path) already exists"), "\(outcome.stderr)")
            }
            // Nothing but what the test made: no partial backup folder.
            let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.contains("partial") }
            #expect(left.isEmpty, "\(left)")
        }
    }
}
