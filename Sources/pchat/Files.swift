import ArgumentParser
import Foundation
import PersistentChat

struct Upload: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Upload a file to a room; it is posted there as a file link.",
        discussion: "Progress goes to standard error; the room's category must allow file posts.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room, by name or ma-chan:// URI.") var room: String
    @Argument(help: "The file to upload.") var file: String

    func run() async throws {
        try await reportingFailures {
            let url = URL(fileURLWithPath: file)
            guard FileManager.default.isReadableFile(atPath: url.path) else { throw CommandFailure("cannot read \(file)") }
            let endpoint = try await global.connect()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(room, history: 0)
            let job = ChatRoomFileUploadJob(fileToUpload: url)
            let progress = Task { await reportProgress(job, quiet: global.json) }
            let result = try await session.uploadFile(job)
            await progress.value
            Output(json: global.json).line(
                ["room": session.name, "file": url.lastPathComponent, "uri": result.fileUri, "id": result.messageId],
                text: "uploaded \(url.lastPathComponent) to \(session.name) as #\(result.messageId) (\(result.fileUri))")
            await endpoint.terminate()
        }
    }
}

struct Download: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Download a file posted to a room.",
        discussion: """
            Name the file by the id of the message that posted it, or by its ma-filelink:// URI. Nothing is written \
            unless the whole file arrives, and an existing file is never overwritten without --force: a taken name \
            becomes "name (1).ext". The uploader's file name is made safe first (no path separators, control \
            characters or leading dots). The path written is printed.
            """)
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room it was posted to, by name or ma-chan:// URI.") var room: String
    @Argument(help: "The message id, or the ma-filelink:// URI.") var file: String
    @Option(name: .shortAndLong, help: "Where to write it: a file, or a folder to write the file's name in (default: this folder).")
    var output: String?
    @Flag(help: "Overwrite the file if it exists.") var force = false

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(room, history: 0)
            let link = try await findLink(in: session)
            guard case .fileLink(let name, _, let uri) = link else { throw CommandFailure("not a file link") }
            let destination = DownloadDestination(output: output, serverName: name, force: force)
            try destination.checkBeforeTransfer()
            let temporary = destination.temporaryFile()
            defer { try? FileManager.default.removeItem(at: temporary) }
            let job = ChatRoomFileDownloadJob(link: link, destinationPath: temporary)
            let progress = Task { await reportProgress(job, quiet: global.json) }
            try await session.downloadFile(job)
            await progress.value
            let written = try destination.place(temporary)
            let size = ((try? FileManager.default.attributesOfItem(atPath: written.path))?[.size] as? NSNumber)?.int64Value ?? 0
            Output(json: global.json).line(["uri": uri, "name": name, "path": written.path, "bytes": size],
                                           text: "downloaded \(name.debugDescription) (\(size) bytes) to \(written.path)")
            await endpoint.terminate()
        }
    }

    /// The file link named by a message id (searched in the room's recent history) or by URI.
    private func findLink(in session: ChatRoomSession) async throws -> MessagePartPayload {
        if file.lowercased().hasPrefix("ma-filelink://") {
            let name = String(file.split(separator: "/").last ?? "download")
            return .fileLink(name: name, size: 0, uri: file)
        }
        guard let id = Int64(file) else { throw CommandFailure("'\(file)' is neither a message id nor a ma-filelink:// URI") }
        let limit = try session.endpoint.persistentChatServices.serverConfiguration.searchLimit
        let messages = try await session.getRecentChatHistory(limit)
        guard let message = messages.first(where: { $0.messageId == id }) else {
            throw CommandFailure("no message #\(id) among the last \(limit) of \(session.name)")
        }
        guard let link = message.fileDownloadLinks.first else { throw CommandFailure("message #\(id) carries no file") }
        return link
    }
}

/// Writes a transfer's progress to standard error as it goes (nothing when `quiet`).
private func reportProgress(_ job: ChatRoomFileTransferJob, quiet: Bool) async {
    var last = -1
    for await report in job.progress where !quiet {
        let percent = report.percentTransferred
        guard percent != last || report.completed else { continue }
        last = percent
        FileHandle.standardError.write(Data("\(percent)% (\(report.bytesTransferred) bytes)\n".utf8))
    }
}
