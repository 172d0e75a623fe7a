import Foundation
import Synchronization

/// Progress of an upload or download (Lync `ChatRoomFileTransferProgressEventArgs`).
public struct ChatRoomFileTransferProgress: Sendable, Equatable {
    /// Bytes sent or received so far.
    public var bytesTransferred: Int64
    /// The file's size; nil until known.
    public var totalBytes: Int64?
    /// The transfer finished: the last report.
    public var completed: Bool
    /// The transfer was cancelled: the last report.
    public var cancelled: Bool

    /// 0 to 100.
    public var percentTransferred: Int {
        guard let totalBytes else { return 0 }
        return totalBytes == 0 ? 100 : Int(bytesTransferred * 100 / totalBytes)
    }
}

/// What upload and download jobs share: a progress stream, the last progress, and cancellation.
public class ChatRoomFileTransferJob: @unchecked Sendable {
    /// Progress reports, ending after completion or cancellation.
    public let progress: AsyncStream<ChatRoomFileTransferProgress>
    private let continuation: AsyncStream<ChatRoomFileTransferProgress>.Continuation
    private let state = Mutex((last: ChatRoomFileTransferProgress(bytesTransferred: 0, totalBytes: nil, completed: false, cancelled: false),
                                           cancelRequested: false))

    init() {
        (progress, continuation) = AsyncStream.makeStream(of: ChatRoomFileTransferProgress.self)
    }

    /// 0 to 100.
    public var percentComplete: Int { state.withLock { $0.last.percentTransferred } }

    /// Asks the transfer to stop; it ends with a cancelled progress report and a `cancelled` error.
    public func cancelJob() { state.withLock { $0.cancelRequested = true } }

    var isCancelRequested: Bool { state.withLock { $0.cancelRequested } }

    func report(_ bytes: Int64, of total: Int64?, completed: Bool = false, cancelled: Bool = false) {
        let progress = ChatRoomFileTransferProgress(bytesTransferred: bytes, totalBytes: total, completed: completed, cancelled: cancelled)
        state.withLock { $0.last = progress }
        continuation.yield(progress)
        if completed || cancelled { continuation.finish() }
    }
}

/// Uploads a file to a joined room (Lync `ChatRoomFileUploadJob`); see ``ChatRoomSession/uploadFile(_:)``.
public final class ChatRoomFileUploadJob: ChatRoomFileTransferJob, @unchecked Sendable {
    /// The local file to send; its name becomes the posted file's name.
    public let fileToUpload: URL
    /// A job for `fileToUpload`; run it with ``ChatRoomSession/uploadFile(_:)``.
    public init(fileToUpload: URL) {
        self.fileToUpload = fileToUpload
        super.init()
    }
}

/// Downloads a posted file (Lync `ChatRoomFileDownloadJob`); see ``ChatRoomSession/downloadFile(_:)``.
public final class ChatRoomFileDownloadJob: ChatRoomFileTransferJob, @unchecked Sendable {
    /// The file link part of the message that posted the file.
    public let link: MessagePartPayload
    /// Where the file is written once it has arrived whole.
    public let destinationPath: URL
    /// A job for the file a `fileLink` part names; run it with ``ChatRoomSession/downloadFile(_:)``.
    public init(link: MessagePartPayload, destinationPath: URL) {
        self.link = link
        self.destinationPath = destinationPath
        super.init()
    }
}
