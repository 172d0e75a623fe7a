import Foundation
import Logging
import PersistentChatProtocol

/// Turns stored messages into ``ExportedMessage`` lines and copies the files they link to.
struct RecordWriter {
    let file: PartialFile
    let data: DataFolderLayout
    let filesFolder: URL?
    let logger: Logger
    private let encoder: JSONEncoder
    private let formatter = ExportDate.makeFormatter()
    private(set) var messages = 0
    private(set) var filesCopied = 0
    private(set) var filesPresent = 0
    private(set) var missingFiles: [String] = []

    init(file: PartialFile, data: DataFolderLayout, filesFolder: URL?, logger: Logger) {
        self.file = file
        self.data = data
        self.filesFolder = filesFolder
        self.logger = logger
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Writes `message` as one line.
    mutating func write(_ message: StoredMessage, room: String, roomUri: String) throws {
        let parts = message.parts.flatMap(MessageEncoding.decodeParts) ?? [.text(message.text)]
        var files: [ExportedMessage.File] = []
        for case .fileLink(let name, let size, let uri) in parts {
            let key = Self.key(of: uri)
            files.append(ExportedMessage.File(name: name, size: size, uri: uri, key: key,
                                              copied: filesFolder == nil ? nil : try copy(key: key)))
        }
        let kind: ExportedMessage.Kind = message.storyTitle != nil ? .story
            : !files.isEmpty ? .file
            : message.parts != nil ? .formatted
            : .text
        let record = ExportedMessage(
            id: message.id, room: room, roomUri: roomUri, author: message.author,
            time: ExportDate.text(Date(millisecondsSince1970: message.ts), formatter: formatter), ts: message.ts,
            kind: kind, alert: message.alert, text: message.text, storyTitle: message.storyTitle, parts: parts,
            files: files.isEmpty ? nil : files, clientMessageId: message.clientMessageId)
        try file.append(try encoder.encode(record))
        try file.append([UInt8(ascii: "\n")])
        messages += 1
    }

    /// The key a file link names: its URI's last path segment, `ma-filelink://DOMAIN/KEY`.
    static func key(of uri: String) -> String {
        String(uri.split(separator: "/").last ?? "").lowercased()
    }

    /// Copies the stored file `key` into the files folder unless a file of its size is there; false when the data
    /// folder does not have it.
    private mutating func copy(key: String) throws -> Bool {
        guard let filesFolder, DataFolderLayout.isFileKey(key) else { return false }
        let source = data.file(key: key)
        guard let size = FileCopy.size(of: source) else {
            logger.warning("a linked file is not in the data folder; the export goes on without it",
                           metadata: ["key": "\(key)", "path": "\(source.path)"])
            missingFiles.append(key)
            return false
        }
        let target = filesFolder.appendingPathComponent(key)
        if FileCopy.size(of: target) == size {
            filesPresent += 1
            return true
        }
        try FileCopy.copyAtomically(source, to: target)
        filesCopied += 1
        return true
    }
}
