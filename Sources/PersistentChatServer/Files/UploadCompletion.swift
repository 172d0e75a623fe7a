import PersistentChatProtocol

extension ServerCore {
    /// Stores a complete upload and posts it to the room as a file link, as its uploader.
    ///
    /// The steps, each durable before the next: the file is renamed into place (and its folder synced), its record is
    /// written without a message, the message is committed, and the record is marked with the message's id. After a
    /// crash between two steps, ``UploadRecovery`` finds the file without a record, or the record without a message,
    /// at the next start.
    func completeUpload(token: String, grant: FileTokens.Grant, room: ChatRoomRecord, category: ChatCategory) async throws(ErrorPayload) -> FileUploadResult {
        let key: String
        do {
            CrashPoint.uploadBeforeRename.reach()
            key = try storage.commit(token)
            CrashPoint.uploadAfterRename.reach()
        } catch {
            logger.error("upload could not be moved into place: \(error)")
            throw ErrorPayload(.fileUploadFailed, .internalError, "the file could not be stored")
        }
        do {
            try await store.insertFile(storageKey: key, roomId: room.id, name: grant.fileName, size: grant.size,
                                       uploader: grant.user.value, now: Self.now)
            CrashPoint.uploadAfterRecord.reach()
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
            CrashPoint.uploadAfterPost.reach()
            do {
                try await store.markFilePosted(key: key, messageId: message.id)
            } catch {
                // The message is stored; the next start finds it and marks the record then.
                logger.error("upload's message could not be noted on its record: \(error)")
            }
            logger.info("file uploaded", metadata: ["room": "\(LogText.escaped(room.name))", "by": "\(grant.user)", "bytes": "\(grant.size)"])
            return FileUploadResult(fileUri: fileURI(key: key), messageId: message.id)
        case .failure(let error):
            // Not posted: keep no file that no message points to.
            try? await store.deleteFile(key: key)
            storage.remove(key: key)
            throw error
        }
    }
}
