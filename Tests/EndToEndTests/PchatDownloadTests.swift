import Foundation
import PersistentChat
import Testing

/// `pchat download` through the pchat binary: it never overwrites a file without `--force`, and a name from the
/// server is made safe (no leading dot, control or invisible formatting characters) before anything is written.
@Suite struct PchatDownloadTests {
    /// alice uploads a file called `name` holding `content` to `team`; returns the message id.
    func post(_ name: String, _ content: String, on server: TestServer) async throws -> Int64 {
        let source = server.folder.appendingPathComponent("uploads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let file = source.appendingPathComponent(name)
        try Data(content.utf8).write(to: file)
        let (_, session) = try await server.join("alice", "team", history: 0)
        return try await session.uploadFile(ChatRoomFileUploadJob(fileToUpload: file)).messageId
    }

    func download(_ id: Int64, _ arguments: [String], on server: TestServer) async throws -> PchatProcess.Run {
        try await PchatProcess.run(["--server", server.url, "--user", "sip:bob@contoso.com", "download", "team", "\(id)"] + arguments)
    }

    func folder(on server: TestServer) throws -> URL {
        let folder = server.folder.appendingPathComponent("downloads-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    func contents(_ folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
    }

    @Test func anExistingFileIsNeverOverwrittenWithoutForce() async throws {
        try await withTestServer { server in
            let id = try await post("notes.txt", "from the server", on: server)
            let folder = try folder(on: server)
            let mine = folder.appendingPathComponent("notes.txt")

            let first = try await download(id, ["-o", folder.path], on: server)
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains(mine.path), "the path written is printed: \(first.stdout)")
            try Data("my own notes".utf8).write(to: mine)

            // Taken: the next name is picked and printed; mine is untouched.
            let second = try await download(id, ["-o", folder.path], on: server)
            #expect(second.status == 0, "\(second.stderr)")
            let renamed = folder.appendingPathComponent("notes (1).txt")
            #expect(second.stdout.contains(renamed.path), "\(second.stdout)")
            #expect(try String(contentsOf: mine, encoding: .utf8) == "my own notes")
            #expect(try String(contentsOf: renamed, encoding: .utf8) == "from the server")
            let third = try await download(id, ["-o", folder.path, "--json"], on: server)
            #expect(third.objects.first?["path"] as? String == folder.appendingPathComponent("notes (2).txt").path, "\(third.stdout)")

            // A file named with --output is refused when it exists, and only --force overwrites it.
            let refused = try await download(id, ["-o", mine.path], on: server)
            #expect(refused.status != 0)
            #expect(refused.stderr.contains("exists; give --force"), "\(refused.stderr)")
            #expect(try String(contentsOf: mine, encoding: .utf8) == "my own notes")
            let forced = try await download(id, ["-o", mine.path, "--force"], on: server)
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try String(contentsOf: mine, encoding: .utf8) == "from the server")
            let forcedInFolder = try await download(id, ["-o", folder.path, "--force"], on: server)
            #expect(forcedInFolder.stdout.contains(mine.path), "\(forcedInFolder.stdout)")
            #expect(contents(folder) == ["notes (1).txt", "notes (2).txt", "notes.txt"], "no temporary file is left")
        }
    }

    @Test func namesFromTheServerAreMadeSafe() async throws {
        try await withTestServer { server in
            // Names the server accepts, but that no download should write as they are.
            let cases: [(uploaded: String, written: String)] = [
                (".bashrc", "bashrc"),
                ("..profile.txt", "profile.txt"),
                ("invoice\u{202E}fdp.exe", "invoice_fdp.exe"),
                ("bell\u{7F}.txt", "bell_.txt"),
            ]
            let folder = try folder(on: server)
            for (uploaded, written) in cases {
                let id = try await post(uploaded, "content of \(uploaded)", on: server)
                let run = try await download(id, ["-o", folder.path, "--json"], on: server)
                #expect(run.status == 0, "\(run.stderr)")
                let path = folder.appendingPathComponent(written).path
                #expect(run.objects.first?["path"] as? String == path, "\(uploaded.debugDescription): \(run.stdout)")
                #expect(try String(contentsOfFile: path, encoding: .utf8) == "content of \(uploaded)")
            }
            #expect(contents(folder) == cases.map(\.written).sorted(), "nothing else, nothing hidden: \(contents(folder))")
        }
    }
}
