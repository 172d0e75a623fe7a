import Foundation
import PersistentChat
import PersistentChatServer
import Testing

/// What pchatd leaves on disk: private modes whatever the umask, and uploads that survive a kill between their steps
/// (the `PCHATD_TEST_CRASH_AT` hook makes a real pchatd process SIGKILL itself there).
@Suite struct DataOnDiskTests {
    static func mode(_ path: String) -> Int? {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? NSNumber)?.intValue
    }

    static func octal(_ mode: Int?) -> String { mode.map { String($0, radix: 8) } ?? "missing" }

    /// The stored files (named by key) in the data folder's `files`.
    static func storedFiles(_ data: URL) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("files").path)) ?? []
        return names.filter { UUID(uuidString: $0) != nil }.sorted()
    }

    static func staged(_ data: URL) -> [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: data.appendingPathComponent("files/.staging").path)) ?? []
    }

    /// alice joins `team` on the server at `url` and uploads a small file.
    static func upload(to url: String, folder: URL, name: String = "report.txt") async throws -> FileUploadResult {
        let source = folder.appendingPathComponent(name)
        try Data("quarterly numbers\n".utf8).write(to: source)
        return try await DataFolderRestoreTests.asAlice(url) { session in
            try await session.uploadFile(ChatRoomFileUploadJob(fileToUpload: source))
        }
    }

    /// The outcome of bob downloading `uri` from `team` on the server at `url`.
    static func download(_ uri: String, from url: String, to target: URL) async throws -> PersistentChatError? {
        let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
            platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:bob@contoso.com", password: TestDirectory.password))
        return try await withCleanUp {
            try await endpoint.establish()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(name: "team", history: 0)
            return await chatError {
                try await session.downloadFile(ChatRoomFileDownloadJob(link: .fileLink(name: "r", size: 0, uri: uri), destinationPath: target))
            }
        } cleanUp: {
            await endpoint.terminate()
        }
    }

    @Test func theDataFolderDatabaseAndUploadsArePrivateWhateverTheUmask() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let config = try ServerProcess.writeConfig(configuration, in: folder)
            let data = URL(fileURLWithPath: configuration.dataDirectory)
            let database = data.appendingPathComponent("pchat.sqlite").path
            // umask 0 would leave everything open to everyone: 0777 folders, 0666 files.
            let key = try await PchatdChild.with(config: config, umask: "000") { child in
                let url = try #require(await child.waitForURL(), "pchatd did not start: \(child.log)")
                let uploaded = try await Self.upload(to: url, folder: folder)
                #expect(Self.mode(data.path) == 0o700, "data folder \(Self.octal(Self.mode(data.path)))")
                for file in [database, database + "-wal", database + "-shm"] {
                    #expect(Self.mode(file) == 0o600, "\(file): \(Self.octal(Self.mode(file)))")
                }
                for inner in ["files", "files/.staging"] {
                    let path = data.appendingPathComponent(inner).path
                    #expect(Self.mode(path) == 0o700, "\(path): \(Self.octal(Self.mode(path)))")
                }
                let stored = Self.storedFiles(data)
                #expect(stored.count == 1)
                let key = try #require(stored.first)
                let path = data.appendingPathComponent("files/\(key)").path
                #expect(Self.mode(path) == 0o600, "uploaded file \(Self.octal(Self.mode(path)))")
                #expect(uploaded.fileUri.hasSuffix(key))
                return key
            }

            // What an earlier version (or an operator) left open is narrowed at the next start, with a warning.
            let file = data.appendingPathComponent("files/\(key)").path
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: data.path)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
            try await PchatdChild.with(config: config, umask: "000") { child in
                _ = try #require(await child.waitForURL(), "pchatd did not start: \(child.log)")
                #expect(Self.mode(data.path) == 0o700)
                #expect(Self.mode(database) == 0o600)
                #expect(Self.mode(file) == 0o600)
                let log = child.log
                #expect(log.contains("the data folder was open to other users; narrowed to 0700"), "\(log)")
                #expect(log.contains("a database file was open to other users; narrowed to 0600"), "\(log)")
                #expect(log.contains("an uploaded file was open to other users; narrowed to 0600") && log.contains(key), "\(log)")
            }
        }
    }

    /// Kills pchatd at `point` during an upload, restarts it and calls `afterRestart` with the restarted server's log,
    /// its address and the stored files the killed one left.
    func crash(at point: String, folder: URL, _ afterRestart: (String, String, [String]) async throws -> Void) async throws {
        let configuration = try TestServer.configuration(folder: folder)
        let config = try ServerProcess.writeConfig(configuration, in: folder)
        let data = URL(fileURLWithPath: configuration.dataDirectory)
        try await PchatdChild.with(config: config, environment: ["PCHATD_TEST_CRASH_AT": point]) { child in
            let url = try #require(await child.waitForURL(), "pchatd did not start: \(child.log)")
            await #expect(throws: (any Error).self, "the upload finished though pchatd was to die at \(point)") {
                _ = try await Self.upload(to: url, folder: folder)
            }
            #expect(await child.waitForExit(), "pchatd did not die at \(point)")
        }
        let left = Self.storedFiles(data)
        try await PchatdChild.with(config: config) { child in
            let url = try #require(await child.waitForURL(), "pchatd did not restart: \(child.log)")
            try await afterRestart(child.log, url, left)
        }
    }

    @Test func aFileRenamedIntoPlaceButNeverRecordedIsReportedAndRemoved() async throws {
        try await withTestFolder { folder in
            let data = URL(fileURLWithPath: try TestServer.configuration(folder: folder).dataDirectory)
            try await crash(at: "upload-after-rename", folder: folder) { log, _, left in
                #expect(left.count == 1, "the killed server left \(left)")
                #expect(log.contains("a stored file has no record"), "\(log)")
                #expect(left.allSatisfy { log.contains($0) }, "the log names the file: \(log)")
                #expect(Self.storedFiles(data).isEmpty, "\(Self.storedFiles(data))")
            }
        }
    }

    @Test func aRecordedFileThatWasNeverPostedIsReportedAndRemoved() async throws {
        try await withTestFolder { folder in
            let data = URL(fileURLWithPath: try TestServer.configuration(folder: folder).dataDirectory)
            try await crash(at: "upload-after-record", folder: folder) { log, url, left in
                #expect(left.count == 1, "the killed server left \(left)")
                #expect(log.contains("an uploaded file was never posted"), "\(log)")
                #expect(left.allSatisfy { log.contains($0) }, "the log names the file: \(log)")
                #expect(log.contains("report.txt"), "the log names the file: \(log)")
                #expect(Self.storedFiles(data).isEmpty, "\(Self.storedFiles(data))")
                // The room shows nothing of it.
                let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
                    platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:bob@contoso.com", password: TestDirectory.password))
                try await withCleanUp {
                    try await endpoint.establish()
                    let history = try await endpoint.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 10)
                    #expect(history.isEmpty)
                } cleanUp: {
                    await endpoint.terminate()
                }
            }
        }
    }

    @Test func aPostedUploadWhoseRecordMissedItsMessageIsKept() async throws {
        try await withTestFolder { folder in
            let data = URL(fileURLWithPath: try TestServer.configuration(folder: folder).dataDirectory)
            try await crash(at: "upload-after-post", folder: folder) { log, url, _ in
                #expect(log.contains("noted now"), "\(log)")
                let key = try #require(Self.storedFiles(data).first, "the posted file was removed")
                let endpoint = PersistentChatEndpoint(serverAddress: url, endpoint: UserEndpoint(
                    platform: CollaborationPlatform(applicationName: "test"), ownerUri: "sip:bob@contoso.com", password: TestDirectory.password))
                let link = try await withCleanUp {
                    try await endpoint.establish()
                    let history = try await endpoint.persistentChatServices.getRecentChatHistory(room: .name("team"), count: 10)
                    return history.first?.fileDownloadLinks.first
                } cleanUp: {
                    await endpoint.terminate()
                }
                guard case .fileLink(_, _, let uri)? = link else { Issue.record("the message has no file link"); return }
                #expect(uri.hasSuffix(key))
                let target = folder.appendingPathComponent("copy.txt")
                #expect(try await Self.download(uri, from: url, to: target) == nil)
                #expect(try String(contentsOf: target, encoding: .utf8) == "quarterly numbers\n")
            }
        }
    }

    @Test func anUploadCutBeforeItsRenameLeavesNothing() async throws {
        try await withTestFolder { folder in
            let data = URL(fileURLWithPath: try TestServer.configuration(folder: folder).dataDirectory)
            try await crash(at: "upload-before-rename", folder: folder) { log, _, _ in
                #expect(log.contains("uploads left unfinished by an earlier run are dropped"), "\(log)")
                #expect(Self.staged(data).isEmpty && Self.storedFiles(data).isEmpty)
            }
        }
    }

    @Test func aFileLinkWhoseFileIsGoneIsReportedAndAnswersNoSuchFile() async throws {
        try await withTestFolder { folder in
            let configuration = try TestServer.configuration(folder: folder)
            let config = try ServerProcess.writeConfig(configuration, in: folder)
            let data = URL(fileURLWithPath: configuration.dataDirectory)
            let uploaded = try await PchatdChild.with(config: config) { child in
                let url = try #require(await child.waitForURL(), "pchatd did not start: \(child.log)")
                return try await Self.upload(to: url, folder: folder)
            }
            let key = try #require(Self.storedFiles(data).first)
            try FileManager.default.removeItem(at: data.appendingPathComponent("files/\(key)"))
            try await PchatdChild.with(config: config) { child in
                let url = try #require(await child.waitForURL(), "pchatd did not restart: \(child.log)")
                let log = child.log
                #expect(log.contains("a file link's file is missing") && log.contains(key), "\(log)")
                let refused = try await Self.download(uploaded.fileUri, from: url, to: folder.appendingPathComponent("gone.txt"))
                #expect(refused?.code == .noSuchNode && refused?.detail == .noSuchFile, "\(String(describing: refused))")
            }
        }
    }
}
