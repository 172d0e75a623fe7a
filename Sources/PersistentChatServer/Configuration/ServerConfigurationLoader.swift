import Foundation
import PersistentChatProtocol
import YAMLConfig

/// Reads `server.yaml`, checking every key; relative paths are taken from the file's folder.
public enum ServerConfigurationLoader {
    private struct File: Decodable {
        var domain: String
        var display_name: String?
        var listen: String?
        var data: String?
        var directory: Directory
        var limits: Limits?
        var categories: [Category]?
        var rooms: [Room]?
        var system_users: [String]?
    }
    private struct Directory: Decodable { var ldif: String }
    private struct Limits: Decodable {
        var message_size: Int?
        var story_size: Int?
        var frame_size: Int?
        var default_history: Int?
        var search_limit: Int?
        var outbound_queue: Int?
        var commit_batch: Int?
        var participant_update_limit: Int?
        var file_size: Int?
        var file_token_minutes: Int?
    }
    private struct Category: Decodable {
        var name: String
        var description: String?
        var scope: [String]?
        var creators: [String]?
        var invitations: Bool?
        var file_upload: Bool?
        var history: Bool?
    }
    private struct Room: Decodable {
        var name: String
        var category: String
        var description: String?
        var privacy: ChatRoomPrivacy?
        var behavior: ChatRoomBehavior?
        var members: [String]?
        var managers: [String]?
        var presenters: [String]?
    }

    static let topKeys: Set<String> = ["domain", "display_name", "listen", "data", "directory", "limits", "categories", "rooms",
                                       "system_users"]
    static let limitKeys: Set<String> = ["message_size", "story_size", "frame_size", "default_history", "search_limit",
                                         "outbound_queue", "commit_batch", "participant_update_limit", "file_size",
                                         "file_token_minutes"]
    static let categoryKeys: Set<String> = ["name", "description", "scope", "creators", "invitations", "file_upload", "history"]
    static let roomKeys: Set<String> = ["name", "category", "description", "privacy", "behavior", "members", "managers", "presenters"]

    /// Loads and validates the file at `path`.
    public static func load(path: String) throws(ConfigError) -> ServerConfiguration {
        try load(YAMLConfigFile(path: path))
    }

    /// Loads and validates an already parsed file.
    public static func load(_ yaml: YAMLConfigFile) throws(ConfigError) -> ServerConfiguration {
        typealias K = KeyPath.Key
        try yaml.checkKeys(at: [], allowed: topKeys)
        try yaml.checkKeys(at: [K("directory")], allowed: ["ldif"])
        try yaml.checkKeys(at: [K("limits")], allowed: limitKeys)
        for index in 0..<yaml.count(at: [K("categories")]) {
            try yaml.checkKeys(at: [K("categories"), K(index)], allowed: categoryKeys)
        }
        for index in 0..<yaml.count(at: [K("rooms")]) {
            try yaml.checkKeys(at: [K("rooms"), K(index)], allowed: roomKeys)
        }
        let file = try yaml.decode(File.self)
        let base = URL(fileURLWithPath: yaml.path).deletingLastPathComponent()
        func resolve(_ path: String) -> String {
            path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
        }

        let domain = file.domain.trimmingCharacters(in: .whitespaces).lowercased()
        guard !domain.isEmpty, !domain.contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" }) else {
            throw yaml.error(at: [K("domain")], "'\(file.domain)' is not a domain name")
        }
        let (host, port) = try parseListen(file.listen ?? "127.0.0.1:5061", yaml: yaml)

        var limits = ServerLimits()
        if let l = file.limits {
            func positive(_ value: Int?, _ key: String, max: Int = Int.max) throws(ConfigError) -> Int? {
                guard let value else { return nil }
                guard value > 0, value <= max else {
                    throw yaml.error(at: [K("limits"), K(key)], "must be between 1 and \(max), got \(value)")
                }
                return value
            }
            limits.messageSize = try positive(l.message_size, "message_size", max: 1 << 20) ?? limits.messageSize
            limits.storySize = try positive(l.story_size, "story_size", max: 1 << 22) ?? limits.storySize
            limits.frameSize = try positive(l.frame_size, "frame_size", max: 1 << 24) ?? limits.frameSize
            limits.defaultHistory = try positive(l.default_history, "default_history", max: 500) ?? limits.defaultHistory
            limits.searchLimit = try positive(l.search_limit, "search_limit", max: 100_000) ?? limits.searchLimit
            limits.outboundQueue = try positive(l.outbound_queue, "outbound_queue") ?? limits.outboundQueue
            limits.commitBatch = try positive(l.commit_batch, "commit_batch", max: 100_000) ?? limits.commitBatch
            limits.participantUpdateLimit = try positive(l.participant_update_limit, "participant_update_limit", max: 100_000)
                ?? limits.participantUpdateLimit
            limits.fileSize = try positive(l.file_size, "file_size", max: 1 << 31) ?? limits.fileSize
            limits.fileTokenMinutes = try positive(l.file_token_minutes, "file_token_minutes", max: 24 * 60) ?? limits.fileTokenMinutes
            let largest = max(limits.messageSize, limits.storySize)
            if limits.frameSize < largest + 1024 {
                throw yaml.error(at: [K("limits"), K("frame_size")],
                                 "must exceed message_size and story_size by at least 1024 bytes of framing (\(largest + 1024))")
            }
        }

        // Names are told apart as the room catalog does (lowercased), with sets, so a thousand rooms load at once.
        var categories: [CategoryDefinition] = []
        var categoryNames = Set<String>()
        for (index, c) in (file.categories ?? []).enumerated() {
            let at: [any CodingKey] = [K("categories"), K(index)]
            try checkName(c.name, at: at + [K("name")], yaml: yaml)
            guard categoryNames.insert(c.name.lowercased()).inserted else {
                throw yaml.error(at: at + [K("name")], "a category named '\(c.name)' is already defined")
            }
            try checkText(c.description, at: at + [K("description")], yaml: yaml)
            categories.append(CategoryDefinition(
                name: c.name, description: c.description ?? "", scope: c.scope ?? [], creators: c.creators ?? [],
                invitations: c.invitations ?? true, fileUpload: c.file_upload ?? true, history: c.history ?? true))
        }

        var rooms: [RoomDefinition] = []
        var roomNames = Set<String>()
        for (index, r) in (file.rooms ?? []).enumerated() {
            let at: [any CodingKey] = [K("rooms"), K(index)]
            try checkName(r.name, at: at + [K("name")], yaml: yaml)
            guard roomNames.insert(r.name.lowercased()).inserted else {
                throw yaml.error(at: at + [K("name")], "a room named '\(r.name)' is already defined")
            }
            guard categoryNames.contains(r.category.lowercased()) else {
                let known = categories.map(\.name).joined(separator: ", ")
                throw yaml.error(at: at + [K("category")], "no category named '\(r.category)' (defined: \(known.isEmpty ? "none" : known))")
            }
            try checkText(r.description, at: at + [K("description")], yaml: yaml)
            let behavior = r.behavior ?? .normal
            if behavior == .normal, !(r.presenters ?? []).isEmpty {
                throw yaml.error(at: at + [K("presenters")], "presenters only apply to rooms with behavior: auditorium")
            }
            rooms.append(RoomDefinition(
                name: r.name, category: r.category, description: r.description ?? "", privacy: r.privacy ?? .closed,
                behavior: behavior, members: r.members ?? [], managers: r.managers ?? [], presenters: r.presenters ?? []))
        }

        return ServerConfiguration(
            domain: domain, displayName: file.display_name ?? "Persistent Chat (\(domain))", host: host, port: port,
            dataDirectory: resolve(file.data ?? "data"), directoryLDIF: resolve(file.directory.ldif), limits: limits,
            categories: categories, rooms: rooms, systemUsers: file.system_users ?? [], sourceFile: yaml.path)
    }

    private static func parseListen(_ text: String, yaml: YAMLConfigFile) throws(ConfigError) -> (String, Int) {
        let at: [any CodingKey] = [KeyPath.Key("listen")]
        guard let colon = text.lastIndex(of: ":") else {
            throw yaml.error(at: at, "expected HOST:PORT, e.g. 127.0.0.1:5061, got '\(text)'")
        }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else {
            throw yaml.error(at: at, "expected HOST:PORT with a port from 0 to 65535, got '\(text)'")
        }
        return (host, port)
    }

    private static func checkName(_ name: String, at path: [any CodingKey], yaml: YAMLConfigFile) throws(ConfigError) {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw yaml.error(at: path, "must not be empty") }
        guard name.count <= ProtocolLimits.maxNameLength else {
            throw yaml.error(at: path, "is \(name.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
        }
    }

    private static func checkText(_ text: String?, at path: [any CodingKey], yaml: YAMLConfigFile) throws(ConfigError) {
        guard let text, text.count > ProtocolLimits.maxNameLength else { return }
        throw yaml.error(at: path, "is \(text.count) characters; the limit is \(ProtocolLimits.maxNameLength)")
    }
}
