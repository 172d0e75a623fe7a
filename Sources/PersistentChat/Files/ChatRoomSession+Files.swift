import Foundation

extension ChatRoomSession {
    /// Bytes sent or fetched per HTTP request.
    static let fileChunkSize = 256 * 1024

    /// Uploads a file and posts it to the room as a file link; the room's category must allow file posts.
    ///
    /// The file goes in chunks, so progress is reported and ``ChatRoomFileTransferJob/cancelJob()`` stops it
    /// between chunks; a cancelled or failed upload is withdrawn, so the server drops what it received.
    @discardableResult
    public func uploadFile(_ job: ChatRoomFileUploadJob) async throws(PersistentChatError) -> FileUploadResult {
        guard let uri = chatRoomUri, state == .established else { throw .invalidState("the session is not established") }
        let handle: FileHandle
        let size: Int64
        do {
            handle = try FileHandle(forReadingFrom: job.fileToUpload)
            size = Int64(try handle.seekToEnd())
        } catch {
            throw .invalidArgument("cannot read \(job.fileToUpload.path): \(error.localizedDescription)")
        }
        defer { try? handle.close() }
        let grant = try await endpoint.connectionOrThrow().request(FileUploadRequest(
            room: uri, fileName: job.fileToUpload.lastPathComponent, size: size))
        let http = try FileTransferHTTP(serverAddress: endpoint.serverAddress, trust: endpoint.serverTrust)
        do throws(PersistentChatError) {
            return try await send(job, from: handle, size: size, grant: grant, http: http)
        } catch {
            await http.cancel(path: grant.path)
            throw error
        }
    }

    private func send(_ job: ChatRoomFileUploadJob, from handle: FileHandle, size: Int64, grant: FileTransferReply,
                      http: FileTransferHTTP) async throws(PersistentChatError) -> FileUploadResult {
        var offset: Int64 = 0
        job.report(0, of: size)
        repeat {
            if job.isCancelRequested {
                job.report(offset, of: size, cancelled: true)
                throw .cancelled("the upload of \(job.fileToUpload.lastPathComponent) was cancelled")
            }
            let chunk: Data
            do {
                try handle.seek(toOffset: UInt64(offset))
                chunk = try handle.read(upToCount: Self.fileChunkSize) ?? Data()
            } catch {
                throw .invalidArgument("cannot read \(job.fileToUpload.path): \(error.localizedDescription)")
            }
            guard !chunk.isEmpty || size == 0 else {
                throw .invalidArgument("\(job.fileToUpload.path) became shorter while it was being uploaded")
            }
            let reply = try await http.put(path: grant.path, offset: offset, body: chunk)
            offset += Int64(chunk.count)
            if offset >= size {
                guard let result = try? JSONDecoder().decode(FileUploadResult.self, from: reply) else {
                    throw .connection("the server's reply to the upload could not be read")
                }
                job.report(offset, of: size, completed: true)
                return result
            }
            job.report(offset, of: size)
        } while true
    }

    /// Downloads a posted file to the job's destination; nothing is left there unless the whole file arrived.
    public func downloadFile(_ job: ChatRoomFileDownloadJob) async throws(PersistentChatError) {
        guard case .fileLink(_, _, let fileUri) = job.link else { throw .invalidArgument("the part is not a file link") }
        guard state == .established else { throw .invalidState("the session is not established") }
        let grant = try await endpoint.connectionOrThrow().request(FileDownloadRequest(file: fileUri))
        let http = try FileTransferHTTP(serverAddress: endpoint.serverAddress, trust: endpoint.serverTrust)
        let partial = job.destinationPath.deletingLastPathComponent()
            .appendingPathComponent(".\(job.destinationPath.lastPathComponent).\(UUID().uuidString).part")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil),
              let handle = try? FileHandle(forWritingTo: partial) else {
            throw .invalidArgument("cannot write to \(job.destinationPath.deletingLastPathComponent().path)")
        }
        var finished = false
        defer {
            try? handle.close()
            if !finished { try? FileManager.default.removeItem(at: partial) }
        }
        var offset: Int64 = 0
        job.report(0, of: grant.size)
        while offset < grant.size {
            if job.isCancelRequested {
                job.report(offset, of: grant.size, cancelled: true)
                throw .cancelled("the download of \(grant.fileName) was cancelled")
            }
            let to = min(offset + Int64(Self.fileChunkSize), grant.size) - 1
            let data = try await http.get(path: grant.path, from: offset, to: to)
            guard data.count == Int(to - offset + 1) else {
                throw .connection("the server sent \(data.count) bytes for a \(to - offset + 1)-byte range")
            }
            do {
                try handle.write(contentsOf: data)
            } catch {
                throw .invalidArgument("cannot write \(partial.path): \(error.localizedDescription)")
            }
            offset = to + 1
            job.report(offset, of: grant.size)
        }
        do {
            try handle.synchronize()
            if FileManager.default.fileExists(atPath: job.destinationPath.path) {
                _ = try FileManager.default.replaceItemAt(job.destinationPath, withItemAt: partial)
            } else {
                try FileManager.default.moveItem(at: partial, to: job.destinationPath)
            }
        } catch {
            throw .invalidArgument("cannot write \(job.destinationPath.path): \(error.localizedDescription)")
        }
        finished = true
        job.report(grant.size, of: grant.size, completed: true)
    }
}
