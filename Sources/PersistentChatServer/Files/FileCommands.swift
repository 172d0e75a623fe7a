import Foundation
import PersistentChatDirectory
import PersistentChatProtocol

/// Issues file-transfer tokens after checking the room's rules.
extension ServerCore {
    /// A token to upload a file to a joined room whose category allows file posts.
    func fileUpload(_ request: FileUploadRequest, caller: Caller, joined: JoinedRooms) async throws(ErrorPayload) -> FileTransferReply {
        guard let entry = joined.entry(request.room) else {
            throw ErrorPayload(.userNotJoined, .notJoined, "join \(request.room) before uploading to it")
        }
        try checkFilePost(room: entry.room, category: entry.category, permissions: entry.permissions)
        try Self.checkFileName(request.fileName)
        let limit = Int64(configuration.limits.fileSize)
        guard request.size >= 0 else { throw ErrorPayload(.invalidArgument, .invalidArgument, "size must not be negative") }
        guard request.size <= limit else {
            throw ErrorPayload(.limitExceeded, .fileTooLarge, "the file is \(request.size) bytes; the limit is \(limit)")
        }
        let (token, grant) = try await fileTokens.issue(.upload, user: caller.uri, roomId: entry.room.id,
                                                        fileName: request.fileName, size: request.size, storageKey: nil)
        return FileTransferReply(token: token, path: "\(ProtocolLimits.filesPath)/\(token)", size: request.size,
                                 fileName: request.fileName, expiresAt: grant.expiresAt)
    }

    /// A token to download a posted file, for users who may read its room's history.
    func fileDownload(_ request: FileDownloadRequest, caller: Caller) async throws(ErrorPayload) -> FileTransferReply {
        guard let key = Self.storageKey(fromFileURI: request.file, domain: configuration.domain) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "'\(request.file)' is not a ma-filelink:// URI of this server")
        }
        let store = store
        guard let file = try await read({ try await store.file(key: key) }) else {
            throw ErrorPayload(.noSuchNode, .noSuchFile, "no file \(request.file)")
        }
        try checkFileRead(roomId: file.roomId, user: caller.entry)
        let (token, grant) = try await fileTokens.issue(.download, user: caller.uri, roomId: file.roomId, fileName: file.name,
                                                        size: file.size, storageKey: key)
        return FileTransferReply(token: token, path: "\(ProtocolLimits.filesPath)/\(token)", size: file.size,
                                 fileName: file.name, expiresAt: grant.expiresAt)
    }

    /// Refuses a file post where the category forbids files or the user may not post.
    func checkFilePost(room: ChatRoomRecord, category: ChatCategory, permissions: RoomPermissionMap) throws(ErrorPayload) {
        guard category.fileUpload else {
            throw ErrorPayload(.errorPermission, .filePostNotAllowed, "category '\(category.name)' does not allow file posts")
        }
        guard permissions.contains(.canChat) else {
            throw ErrorPayload(.errorPermission, .presentersOnly, "you may not post in '\(room.name)'")
        }
    }

    /// Refuses a read by a user who may no longer read the room (checked again on every download request).
    func checkFileRead(roomId: Int64, user: DirectoryEntry) throws(ErrorPayload) {
        let catalog = catalog
        guard let room = catalog.rooms[roomId], let category = catalog.categories[room.categoryId] else {
            throw ErrorPayload(.noSuchNode, .noSuchFile, "the file's room no longer exists")
        }
        let permissions = access.permissions(of: user, in: room, category: category)
        guard permissions.contains(.canView) else {
            // A room the user may not see (secret, out of scope) hides its files entirely.
            throw ErrorPayload(.noSuchNode, .noSuchFile, "no such file is visible to you")
        }
        guard permissions.contains(.canReadHistory) else {
            throw ErrorPayload(.errorPermission, .membersOnly, "only members of '\(room.name)' may read its files")
        }
    }

    /// The URI a stored file is known by.
    func fileURI(key: String) -> String { "ma-filelink://\(configuration.domain)/\(key)" }

    static func storageKey(fromFileURI uri: String, domain: String) -> String? {
        let prefix = "ma-filelink://\(domain)/"
        guard uri.lowercased().hasPrefix(prefix) else { return nil }
        let key = String(uri.dropFirst(prefix.count)).lowercased()
        guard UUID(uuidString: key) != nil else { return nil }
        return key
    }

    static func checkFileName(_ name: String) throws(ErrorPayload) {
        guard !name.allSatisfy(\.isWhitespace), name != ".", name != "..",
              !name.contains(where: { $0 == "/" || $0 == "\\" || $0.isNewline || ($0.asciiValue ?? 32) < 32 }) else {
            throw ErrorPayload(.invalidArgument, .invalidArgument, "'\(name)' is not a file name (no paths or control characters)")
        }
        try checkLength(name, "the file name")
    }
}
