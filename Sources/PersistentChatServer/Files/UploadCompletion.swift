import PersistentChatProtocol

extension ServerCore {
    /// Stores a complete upload and posts it to the room as a file link, as its uploader.
    func completeUpload(token: String, grant: FileTokens.Grant, room: ChatRoomRecord, category: ChatCategory) async throws(ErrorPayload) -> FileUploadResult {
        let key: String
        do {
            key = try storage.commit(token)
        } catch {
            logger.error("upload could not be moved into place: \(error)")
            throw ErrorPayload(.fileUploadFailed, .internalError, "the file could not be stored")
        }
        do {
            try await store.insertFile(storageKey: key, roomId: room.id, name: grant.fileName, size: grant.size,
                                       uploader: grant.user.value, now: Self.now)
        } catch {
            storage.remove(key: key)
            logger.error("upload could not be recorded: \(error)")
            throw ErrorPayload(.fileUploadFailed, .internalError, "the file could not be stored")
        }
        let part = MessagePartPayload.fileLink(name: grant.fileName, size: grant.size, uri: fileURI(key: key))
        let post = PendingPost(roomId: room.id, author: grant.user, text: [part].plainText, alert: false, clientMessageId: nil,
                               keep: category.history, parts: MessageEncoding.encodeParts([part]))
        switch await committer.enqueue(post, room: room.uri, roomName: room.name).value {
        case .success(let (_, message)):
            logger.info("file uploaded", metadata: ["room": "\(room.name)", "by": "\(grant.user)", "bytes": "\(grant.size)"])
            return FileUploadResult(fileUri: fileURI(key: key), messageId: message.id)
        case .failure(let error):
            // Not posted: keep no file that no message points to.
            try? await store.deleteFile(key: key)
            storage.remove(key: key)
            throw error
        }
    }
}
