/// Ask to upload a file to a joined room whose category allows file posts; answered with a short-lived token.
public struct FileUploadRequest: ChatCommand {
    public typealias Reply = FileTransferReply
    public static let name = "fileUpload"
    public var room: ChatRoomURI
    public var fileName: String
    /// The file's size in bytes (at most the server's file size limit).
    public var size: Int64
    public init(room: ChatRoomURI, fileName: String, size: Int64) {
        self.room = room
        self.fileName = fileName
        self.size = size
    }
}

/// Ask to download a posted file (a `ma-filelink://` URI from a file link part); the room's access is checked.
public struct FileDownloadRequest: ChatCommand {
    public typealias Reply = FileTransferReply
    public static let name = "fileDownload"
    public var file: String
    public init(file: String) { self.file = file }
}

/// Where and how to transfer a file over HTTP on the server's port.
///
/// Upload: `PUT {path}?offset=N` with the next chunk as the body, from offset 0 until `size` bytes are sent; the last
/// chunk's reply is a ``FileUploadResult``. Download: `GET {path}`, optionally with `Range: bytes=FROM-TO`.
public struct FileTransferReply: Codable, Sendable, Equatable {
    public var token: String
    /// The HTTP path, e.g. `/pchat/v1/files/TOKEN`.
    public var path: String
    public var size: Int64
    public var fileName: String
    /// Milliseconds since 1970.
    public var expiresAt: Int64
    public init(token: String, path: String, size: Int64, fileName: String, expiresAt: Int64) {
        self.token = token
        self.path = path
        self.size = size
        self.fileName = fileName
        self.expiresAt = expiresAt
    }
}

/// The reply to the last chunk of an upload: the file's URI and the message that posted it.
public struct FileUploadResult: Codable, Sendable, Equatable {
    public var fileUri: String
    public var messageId: Int64
    public init(fileUri: String, messageId: Int64) {
        self.fileUri = fileUri
        self.messageId = messageId
    }
}

/// The reply to a chunk that is not the last: how many bytes the server holds.
public struct FileChunkReceipt: Codable, Sendable, Equatable {
    public var received: Int64
    public init(received: Int64) { self.received = received }
}
