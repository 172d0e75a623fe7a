import Foundation
import Hummingbird
import NIOCore
import PersistentChatProtocol

/// The HTTP side of file transfers: chunked uploads (`PUT …/files/TOKEN?offset=N`) and downloads with ranges.
struct FileRoutes: Sendable {
    let core: ServerCore
    /// The largest chunk accepted in one request.
    static let maxChunk = 1 << 20

    /// Bytes read from disk per write of a download.
    static let readSize = 64 * 1024

    func add(to router: Router<BasicRequestContext>) {
        router.put(RouterPath("\(ProtocolLimits.filesPath)/:token")) { request, context in
            try await upload(request, token: context.parameters.get("token") ?? "")
        }
        router.delete(RouterPath("\(ProtocolLimits.filesPath)/:token")) { _, context in
            await cancel(token: context.parameters.get("token") ?? "")
        }
        router.get(RouterPath("\(ProtocolLimits.filesPath)/:token")) { request, context in
            try await download(request, token: context.parameters.get("token") ?? "")
        }
    }

    private func upload(_ request: Request, token: String) async throws -> Response {
        guard let offsetText = request.uri.queryParameters.get("offset"), let offset = Int64(offsetText), offset >= 0 else {
            return Self.failure(ErrorPayload(.invalidArgument, .invalidArgument, "give the chunk's offset as ?offset=N (N ≥ 0)"))
        }
        let grant: FileTokens.Grant
        let held: Int64
        switch await core.fileTokens.beginChunk(token, offset: offset) {
        case .success(let claimed): (grant, held) = claimed
        case .failure(.unknownToken):
            return Self.failure(ErrorPayload(.invalidToken, .invalidToken, "the upload token is unknown or expired"))
        case .failure(.busy):
            return Self.failure(ErrorPayload(.invalidFlowOfOperations, .invalidArgument, "another chunk of this upload is being written"),
                                status: .conflict)
        case .failure(.wrongOffset(let expected)):
            return Self.failure(ErrorPayload(.invalidArgument, .invalidArgument, "expected offset \(expected), got \(offset)"),
                                status: .conflict)
        }
        var written: Int64 = 0
        do throws(ErrorPayload) {
            let (room, category) = try currentRoom(for: grant)
            let remaining = grant.size - held
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: Int(min(Int64(Self.maxChunk), remaining)))
            } catch {
                throw ErrorPayload(.limitExceeded, .fileTooLarge, "a chunk may carry at most \(min(Int64(Self.maxChunk), remaining)) more bytes")
            }
            guard body.readableBytes > 0 || remaining == 0 else {
                throw ErrorPayload(.invalidArgument, .invalidArgument, "an empty chunk; \(remaining) bytes are still to come")
            }
            do {
                try core.storage.append(Array(buffer: body), to: token)
            } catch {
                core.logger.error("file write failed: \(error)")
                throw ErrorPayload(.fileUploadFailed, .internalError, "the file could not be written")
            }
            written = Int64(body.readableBytes)
            core.metrics.fileBytesIn.increment(by: body.readableBytes)
            guard held + written == grant.size else {
                await core.fileTokens.endChunk(token, bytes: written)
                return Self.json(FileChunkReceipt(received: held + written))
            }
            let result = try await core.completeUpload(token: token, grant: grant, room: room, category: category)
            await core.fileTokens.revoke(token)
            return Self.json(result, status: .created)
        } catch {
            // A refused upload keeps nothing: the room may no longer take it, or the store failed.
            if error.code == .invalidArgument || error.code == .limitExceeded {
                await core.fileTokens.endChunk(token, bytes: written)
            } else {
                await core.fileTokens.revoke(token)
            }
            return Self.failure(error)
        }
    }

    /// The upload's room, if the uploader may still post files there.
    private func currentRoom(for grant: FileTokens.Grant) throws(ErrorPayload) -> (ChatRoomRecord, ChatCategory) {
        let catalog = core.catalog
        guard let user = core.directory.entry(sipAddress: grant.user.value), core.directory.canSignIn(user),
              let room = catalog.rooms[grant.roomId], let category = catalog.categories[room.categoryId] else {
            throw ErrorPayload(.noSuchNode, .noSuchRoom, "the room no longer exists")
        }
        try core.checkFilePost(room: room, category: category, permissions: core.access.permissions(of: user, in: room, category: category))
        return (room, category)
    }

    /// Ends an upload early; what was received is dropped.
    private func cancel(token: String) async -> Response {
        guard let grant = await core.fileTokens.grant(token), grant.kind == .upload else {
            return Self.failure(ErrorPayload(.invalidToken, .invalidToken, "the upload token is unknown or expired"))
        }
        await core.fileTokens.revoke(token)
        return Response(status: .noContent)
    }

    private func download(_ request: Request, token: String) async throws -> Response {
        guard let grant = await core.fileTokens.grant(token), grant.kind == .download, let key = grant.storageKey else {
            return Self.failure(ErrorPayload(.invalidToken, .invalidToken, "the download token is unknown or expired"))
        }
        do throws(ErrorPayload) {
            guard let user = core.directory.entry(sipAddress: grant.user.value), core.directory.canSignIn(user) else {
                throw ErrorPayload(.errorPermission, .membersOnly, "you may not read files of this room")
            }
            try core.checkFileRead(roomId: grant.roomId, user: user)
        } catch {
            return Self.failure(error)
        }
        var (from, to) = (Int64(0), grant.size - 1)
        var headers = Self.downloadHeaders(fileName: grant.fileName)
        var status = HTTPResponse.Status.ok
        if let range = request.headers[.range] {
            guard let parsed = Self.parseRange(range, size: grant.size) else {
                var refusal = Self.failure(ErrorPayload(.invalidArgument, .invalidArgument, "bad range '\(range)'"),
                                           status: .rangeNotSatisfiable)
                refusal.headers[.contentRange] = "bytes */\(grant.size)"
                return refusal
            }
            (from, to) = parsed
            status = .partialContent
            headers[.contentRange] = "bytes \(from)-\(to)/\(grant.size)"
        }
        let (start, end) = (from, to)
        let length = max(0, end - start + 1)
        let storage = core.storage
        let logger = core.logger
        let bytesOut = core.metrics.fileBytesOut
        // Streamed in small reads, so a large file never sits in memory.
        return Response(status: status, headers: headers, body: ResponseBody(contentLength: Int(length)) { writer in
            var offset = start
            while offset <= end {
                let count = Int(min(Int64(Self.readSize), end - offset + 1))
                let data: Data
                do {
                    data = try storage.read(key: key, offset: offset, count: count)
                } catch {
                    logger.error("file read failed: \(error)")
                    throw error
                }
                guard !data.isEmpty else { break }
                try await writer.write(ByteBuffer(bytes: data))
                bytesOut.increment(by: data.count)
                offset += Int64(data.count)
            }
            try await writer.finish(nil)
        })
    }

    /// RFC 5987 `attr-char`: what `filename*` may carry unencoded.
    private static let attributeCharacters = CharacterSet(charactersIn:
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&+-.^_`|~")

    /// A download is always an attachment of no type a browser would render, with a policy that forbids it to run
    /// anything even if opened: a file uploaded to a room never executes in the web client's origin.
    static func downloadHeaders(fileName: String) -> HTTPFields {
        let ascii = String(fileName.unicodeScalars.map { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" ? Character($0) : "_" })
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: Self.attributeCharacters) ?? ascii
        return [.contentType: "application/octet-stream", .acceptRanges: "bytes",
                .contentDisposition: "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)",
                .xContentTypeOptions: "nosniff", .contentSecurityPolicy: "default-src 'none'; sandbox"]
    }

    /// `bytes=FROM-TO`, `bytes=FROM-` or `bytes=-LAST` within the file.
    static func parseRange(_ header: String, size: Int64) -> (Int64, Int64)? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let parts = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        if parts[0].isEmpty {
            guard let last = Int64(parts[1]), last > 0, size > 0 else { return nil }
            return (max(0, size - last), size - 1)
        }
        guard let from = Int64(parts[0]), from >= 0, from < size else { return nil }
        let to = parts[1].isEmpty ? size - 1 : min(Int64(parts[1]) ?? -1, size - 1)
        return to >= from ? (from, to) : nil
    }

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let data = (try? JSONEncoder().encode(value)) ?? Data()
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func failure(_ error: ErrorPayload, status: HTTPResponse.Status? = nil) -> Response {
        json(["error": error], status: status ?? HTTPResponse.Status(code: ServerFrame.status(for: error.code)))
    }
}
