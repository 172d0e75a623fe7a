import Foundation
import GRDB
import Logging
import PersistentChatProtocol
import YAMLConfig

/// `pchatd export`: every stored message (of some rooms, from some time on) as JSON Lines, one ``ExportedMessage`` a
/// line in id order, for compliance archiving; with `filesDirectory`, the uploaded files the messages link to are
/// copied there too, each under its key.
///
/// It reads one consistent state of the database while the server runs. The file is written beside `output` and
/// renamed into place once whole and synced, so a failed export leaves nothing half-written; each copied file is
/// renamed into place too, and one already there with the same size is kept.
public struct MessageExport: Sendable {
    /// The server's data folder.
    public var dataDirectory: String
    /// The server's SIP domain, for room URIs.
    public var domain: String
    /// The rooms to export, by name (any case); empty: every room.
    public var rooms: [String] = []
    /// Only messages the server received at or after this time.
    public var since: Date?
    /// Where to copy the files the messages link to; nil: no copies.
    public var filesDirectory: String?
    /// The JSON Lines file to write.
    public var output: String
    let logger: Logger

    /// What an export wrote.
    public struct Summary: Sendable {
        /// The file written, and the messages in it.
        public var output: String
        public var messages: Int
        /// Files copied to the files folder now, and those already there.
        public var filesCopied: Int
        public var filesPresent: Int
        /// Keys of linked files the data folder no longer has.
        public var missingFiles: [String]
    }

    /// An export of every message in `dataDirectory` to `output`; set ``rooms``, ``since`` and ``filesDirectory`` to
    /// narrow or extend it.
    public init(dataDirectory: String, domain: String, output: String, logger: Logger) {
        self.dataDirectory = dataDirectory
        self.domain = domain
        self.output = output
        self.logger = logger
    }

    /// Writes the export, reporting progress in messages.
    public func run(progress: (BackupProgress) -> Void = { _ in }) throws(DataFolderError) -> Summary {
        let data = DataFolderLayout(dataDirectory)
        let destination = URL(fileURLWithPath: output).standardizedFileURL
        guard FileCopy.isFolder(destination.deletingLastPathComponent()) else {
            throw .missingFolder(path: destination.deletingLastPathComponent().path, of: "the export")
        }
        let pool = try StoredDatabase.openLive(data)
        defer { try? pool.close() }
        let filesFolder = try filesDirectory.map { path throws(DataFolderError) in
            let url = URL(fileURLWithPath: path).standardizedFileURL
            do { try PrivateFiles.createFolder(atPath: url.path) } catch {
                throw .io("create folder \(url.path): \(error.localizedDescription)")
            }
            return url
        }
        let file = try PartialFile(destination: destination)
        do {
            var writer = RecordWriter(file: file, data: data, filesFolder: filesFolder, logger: logger)
            try StoredDatabase.wrapping(data.database) {
                try pool.read { db in try write(db, into: &writer, data: data, progress: progress) }
            }
            try file.commit()
            return Summary(output: destination.path, messages: writer.messages, filesCopied: writer.filesCopied,
                           filesPresent: writer.filesPresent, missingFiles: writer.missingFiles)
        } catch {
            file.abandon()
            throw error
        }
    }

    /// Writes the chosen messages of the snapshot `db` reads.
    private func write(_ db: Database, into writer: inout RecordWriter, data: DataFolderLayout,
                       progress: (BackupProgress) -> Void) throws {
        var roomsById: [Int64: (name: String, uri: String)] = [:]
        var idsByName: [String: Int64] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT id, name, guid FROM rooms") {
            let id: Int64 = row["id"]
            let name: String = row["name"]
            let uri = ChatRoomURI(domain: domain, id: UUID(uuidString: row["guid"]) ?? UUID())
            roomsById[id] = (name, uri.description)
            idsByName[name.lowercased()] = id
        }
        // Names match as the room catalog matches them: lowercased.
        let unknown = rooms.filter { idsByName[$0.lowercased()] == nil }
        guard unknown.isEmpty else { throw DataFolderError.unknownRooms(names: unknown, database: data.database) }

        var conditions: [String] = []
        var arguments: StatementArguments = []
        if !rooms.isEmpty {
            let ids = Array(Set(rooms.compactMap { idsByName[$0.lowercased()] }))
            conditions.append("room_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))")
            _ = arguments.append(contentsOf: StatementArguments(ids))
        }
        if let since {
            conditions.append("ts >= ?")
            _ = arguments.append(contentsOf: [since.millisecondsSince1970])
        }
        let filter = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let total = Int64(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM messages \(filter)", arguments: arguments) ?? 0)
        progress(BackupProgress(stage: .messages, completed: 0, total: total))
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT id, room_id, author, text, alert, ts, client_message_id, story_title, parts FROM messages
            \(filter) ORDER BY id
            """, arguments: arguments)
        while let row = try cursor.next() {
            let message = ChatStore.message(row)
            let room = roomsById[message.roomId] ?? ("", "")
            try writer.write(message, room: room.name, roomUri: room.uri)
            if writer.messages % 500 == 0 {
                progress(BackupProgress(stage: .messages, completed: Int64(writer.messages), total: total))
            }
        }
        progress(BackupProgress(stage: .messages, completed: Int64(writer.messages), total: total))
    }
}
