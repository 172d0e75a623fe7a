import Foundation
import Logging
import PersistentChat
import PersistentChatServer
import Testing
import YAMLConfig

/// `pchatd restore SRC`: refused while a pchatd runs on the data folder (its lock), refused for anything but a whole
/// pchatd backup, and otherwise the data folder is the backup's, swapped in whole.
@Suite struct DataFolderRestoreTests {
    /// alice's endpoint on the server at `url`, joined to `team`, for `body`.
    static func asAlice<T>(_ url: String, _ body: (ChatRoomSession) async throws -> T) async throws -> T {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:alice@contoso.com", password: TestDirectory.password))
        return try await withCleanUp {
            try await endpoint.establish()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(name: "team", history: 0)
            return try await body(session)
        } cleanUp: {
            await endpoint.terminate()
        }
    }

    /// The ids of `team`'s messages as bob reads them from the server at `url`.
    static func teamHistory(_ url: String) async throws -> [Int64] {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:bob@contoso.com", password: TestDirectory.password))
        return try await withCleanUp {
            try await endpoint.establish()
            return try await endpoint.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 999).map(\.messageId)
        } cleanUp: {
            await endpoint.terminate()
        }
    }

    /// What lies beside the data folder besides the test's own files: a restore's work folders would show here.
    static func leftovers(_ folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasPrefix(".data.") }
    }

    @Test func restoreIsRefusedWhileAServerRunsAndPutsTheBackupInPlaceWhenNoneDoes() async throws {
        try await withTestFolder { folder in
            let config = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            let backup = folder.appendingPathComponent("backup")
            let restore = ["restore", backup.path, "--config", config, "--replace"]

            let (backedUp, later) = try await withServerProcess(config: config) { server in
                let url = try await server.waitForURL()
                _ = try await DataOnDiskTests.upload(to: url, folder: folder)
                try await Self.asAlice(url) { session in
                    for index in 1...5 { _ = try await session.sendChatMessage("before \(index)") }
                }
                let backedUp = try await Self.teamHistory(url)
                let made = try await runPchatd(["backup", backup.path, "--config", config])
                #expect(made.code == 0, "\(made.stderr)")
                let later = try await Self.asAlice(url) { session in
                    try await session.sendChatMessage("after the backup")
                }

                // The running server holds the data folder: the restore is refused and changes nothing.
                let refused = try await runPchatd(restore)
                #expect(refused.code == 1)
                #expect(refused.stderr.contains("is in use by pchatd (pid"), "\(refused.stderr)")
                #expect(try await Self.teamHistory(url).contains(later))
                #expect(try Self.leftovers(folder).isEmpty)
                return (backedUp, later)
            }

            // With the server gone, a data folder that holds a database is replaced only when asked to.
            let unasked = try await runPchatd(["restore", backup.path, "--config", config])
            #expect(unasked.code == 1)
            #expect(unasked.stderr.contains("already holds a database; pass --replace"), "\(unasked.stderr)")

            let restored = try await runPchatd(restore)
            #expect(restored.code == 0, "\(restored.stderr)")
            #expect(restored.stdout.contains("restored \(backedUp.count) messages and 1 files"), "\(restored.stdout)")
            #expect(try Self.leftovers(folder).isEmpty)

            try await withServerProcess(config: config) { server in
                let url = try await server.waitForURL()
                let history = try await Self.teamHistory(url)
                #expect(history == backedUp)
                #expect(!history.contains(later))
            }
        }
    }

    @Test func onlyAWholePchatdBackupIsRestored() async throws {
        try await withTestFolder { folder in
            let logger = Logger(label: "restore-test")
            let data = folder.appendingPathComponent("data").path
            let backup = folder.appendingPathComponent("backup")
            try await withTestServer(folder: folder) { server in
                let (_, session) = try await server.join("alice", "team")
                _ = try await session.sendChatMessage("kept")
                _ = try DataFolderBackup(dataDirectory: data, destination: backup.path, logger: logger).run()
                // An in-process server holds its data folder as a process does.
                #expect {
                    try DataFolderRestore(source: backup.path, dataDirectory: data, replace: true, logger: logger).run()
                } throws: { error in
                    guard case .inUse(let path, let holder)? = error as? DataFolderError else { return false }
                    return path.hasSuffix("/data") && holder?.hasPrefix("pchatd (pid \(getpid()))") == true
                }
                // So does it against a second server on the same folder.
                #expect {
                    _ = try PersistentChatServer(configuration: server.configuration, logger: Logger(label: "second"))
                } throws: { error in
                    (error as? ConfigError)?.key == "data" && (error as? ConfigError)?.reason.contains("in use by pchatd") == true
                }
            }
            let config = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            let before = try Data(contentsOf: URL(fileURLWithPath: data + "/pchat.sqlite"))

            // A folder without a manifest, a manifest of another kind, and a damaged database are each refused.
            let empty = folder.appendingPathComponent("empty")
            try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
            let noManifest = try await runPchatd(["restore", empty.path, "--config", config, "--replace"])
            #expect(noManifest.code == 1)
            #expect(noManifest.stderr.contains("\(empty.path) is not a pchatd backup: it has no readable backup.json"), "\(noManifest.stderr)")

            let foreign = folder.appendingPathComponent("foreign")
            try FileManager.default.copyItem(at: backup, to: foreign)
            try Data(#"{"format":"something-else","version":1}"#.utf8).write(to: foreign.appendingPathComponent("backup.json"))
            #expect(throws: DataFolderError.notABackup(path: foreign.path, reason: "backup.json is not a backup manifest")) {
                try DataFolderRestore(source: foreign.path, dataDirectory: data, replace: true, logger: logger).run()
            }

            let damaged = folder.appendingPathComponent("damaged")
            try FileManager.default.copyItem(at: backup, to: damaged)
            let copy = damaged.appendingPathComponent("pchat.sqlite")
            var bytes = try Data(contentsOf: copy)
            bytes.replaceSubrange(0..<16, with: Data(repeating: 0x41, count: 16))
            try bytes.write(to: copy)
            let refused = try await runPchatd(["restore", damaged.path, "--config", config, "--replace"])
            #expect(refused.code == 1)
            #expect(refused.stderr.contains("\(damaged.path) is not a pchatd backup: its database"), "\(refused.stderr)")

            // A copy that fails halfway (a "file" that cannot be read, counted in the manifest) leaves the data folder
            // as it was: the half-made folder beside it is removed.
            let broken = folder.appendingPathComponent("broken")
            try FileManager.default.copyItem(at: backup, to: broken)
            let odd = broken.appendingPathComponent("files/\(UUID().uuidString.lowercased())")
            try FileManager.default.createDirectory(at: odd, withIntermediateDirectories: false)
            let manifestFile = broken.appendingPathComponent("backup.json")
            var manifest = try JSONDecoder().decode(BackupManifest.self, from: Data(contentsOf: manifestFile))
            manifest.files += 1
            manifest.fileBytes += try #require(try FileManager.default.attributesOfItem(atPath: odd.path)[.size] as? Int).int64
            try JSONEncoder().encode(manifest).write(to: manifestFile)
            let halfway = try await runPchatd(["restore", broken.path, "--config", config, "--replace"])
            #expect(halfway.code == 1)
            #expect(halfway.stderr.contains("read \(odd.path)"), "\(halfway.stderr)")

            // Each refusal left the data folder as it was, and nothing beside it.
            #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/pchat.sqlite")) == before)
            #expect(try Self.leftovers(folder).isEmpty)
        }
    }
}

private extension Int {
    var int64: Int64 { Int64(self) }
}
