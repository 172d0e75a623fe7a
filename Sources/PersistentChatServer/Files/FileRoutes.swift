import Foundation
import Hummingbird
import NIOCore
import PersistentChatProtocol

/// The HTTP side of file transfers: chunked uploads (`PUT …/files/TOKEN?offset=N`) and downloads with ranges.
struct FileRoutes: Sendable {
    let core: ServerCore
    /// The largest chunk accepted in one request.
    static let maxChunk = 1 << 20

    func add(to router: Router<BasicRequestContext>) {
        router.put(RouterPath("\(ProtocolLimits.filesPath)/:token")) { request, context in
            try await upload(request, token: context.parameters.get("token") ?? "")
        }
        router.get(RouterPath("\(ProtocolLimits.filesPath)/:token")) { request, context in
            try await download(request, token: context.parameters.get("token") ?? "")
        }
    }

    private func upload(_ request: Request, token: String) async throws -> Response {
        guard let grant = await core.fileTokens.grant(token), grant.kind == .upload else {
            return Self.failure(ErrorPayload(.invalidToken, .invalidToken, "the upload token is unknown or expired"))
        }
        guard let user = core.directory.entry(sipAddress: grant.user.value),
              let room = core.catalog.rooms[grant.roomId], let category = core.catalog.categories[room.categoryId] else {
            return Self.failure(ErrorPayload(.noSuchNode, .noSuchRoom, "the room no longer exists"))
        }
        do throws(ErrorPayload) {
            try core.checkFilePost(room: room, category: category,
                                   permissions: core.access.permissions(of: user, in: room, category: category))
        } catch {
            core.storage.discard(token)
            return Self.failure(error)
        }
        let held = core.storage.stagedSize(token)
        let offset = request.uri.queryParameters.get("offset", as: Int64.self) ?? 0
        guard offset == held else {
            return Self.failure(ErrorPayload(.invalidArgument, .invalidArgument, "expected offset \(held), got \(offset)"),
                                status: .conflict)
        }
        let remaining = grant.size - held
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: min(Self.maxChunk, Int(max(remaining, 0))))
        } catch {
            return Self.failure(ErrorPayload(.limitExceeded, .fileTooLarge,
                                             "a chunk may carry at most \(min(Int64(Self.maxChunk), remaining)) more bytes"))
        }
        do {
            try core.storage.append(Array(buffer: body), to: token)
        } catch {
            core.logger.error("file write failed: \(error)")
            return Self.failure(ErrorPayload(.fileUploadFailed, .internalError, "the file could not be written"))
        }
        let received = held + Int64(body.readableBytes)
        guard received == grant.size else { return Self.json(FileChunkReceipt(received: received)) }
        await core.fileTokens.revoke(token)
        do throws(ErrorPayload) {
            return Self.json(try await core.completeUpload(token: token, grant: grant, room: room, category: category), status: .created)
        } catch {
            return Self.failure(error)
        }
    }

    private func download(_ request: Request, token: String) async throws -> Response {
        guard let grant = await core.fileTokens.grant(token), grant.kind == .download, let key = grant.storageKey else {
            return Self.failure(ErrorPayload(.invalidToken, .invalidToken, "the download token is unknown or expired"))
        }
        do throws(ErrorPayload) {
            guard let user = core.directory.entry(sipAddress: grant.user.value) else {
                throw ErrorPayload(.errorPermission, .membersOnly, "you may not read files of this room")
            }
            try core.checkFileRead(roomId: grant.roomId, user: user)
        } catch {
            return Self.failure(error)
        }
        var (from, to) = (Int64(0), grant.size - 1)
        var status = HTTPResponse.Status.ok
        if let range = request.headers[.range] {
            guard let parsed = Self.parseRange(range, size: grant.size) else {
                return Self.failure(ErrorPayload(.invalidArgument, .invalidArgument, "bad range '\(range)'"), status: .rangeNotSatisfiable)
            }
            (from, to) = parsed
            status = .partialContent
        }
        let data: Data
        do {
            data = grant.size == 0 ? Data() : try core.storage.read(key: key, offset: from, count: Int(to - from + 1))
        } catch {
            core.logger.error("file read failed: \(error)")
            return Self.failure(ErrorPayload(.fileDownloadFailed, .internalError, "the file could not be read"))
        }
        var headers: HTTPFields = [.contentType: "application/octet-stream", .acceptRanges: "bytes"]
        if status == .partialContent { headers[.contentRange] = "bytes \(from)-\(to)/\(grant.size)" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// `bytes=FROM-TO` or `bytes=FROM-` within the file.
    static func parseRange(_ header: String, size: Int64) -> (Int64, Int64)? {
        guard header.hasPrefix("bytes="), !header.contains(",") else { return nil }
        let parts = header.dropFirst(6).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, let from = Int64(parts[0]), from < size else { return nil }
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
