import YAMLConfig

/// A room file as written (docs/configuration.md, "Room files"): each key decoded into its type and checked on its
/// own. The room file loader checks it against the host's endpoints and the room's bots.
struct RoomFile: Decodable {
    /// A room name or `ma-chan://` URI.
    var room: String
    var endpoint: String
    var commands: CommandsEntry?
    var permissions: PermissionsEntry?
    var rateLimits: RateLimitsEntry?
    var bots: [BotEntry]

    private enum CodingKeys: String, CodingKey, CaseIterable {
        case room, endpoint, commands, permissions, rateLimits = "rate_limits", bots
    }
}

/// A room's `commands`: how messages address its bots.
struct CommandsEntry: Decodable {
    var prefix: CommandPrefix?
    var mention: Bool?
    var help: Bool?
    var unknown: UnknownCommandReply?

    private enum CodingKeys: String, CodingKey, CaseIterable { case prefix, mention, help, unknown }
}

/// What starts a command: 1 to 4 symbols, such as `!` or `.`.
struct CommandPrefix: Decodable, Equatable {
    static let standard = CommandPrefix(text: "!")
    var text: String

    private init(text: String) { self.text = text }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        text = try container.decode(String.self)
        guard (1...4).contains(text.count), !text.contains(where: { $0.isWhitespace || $0.isLetter || $0.isNumber }) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected 1 to 4 symbols such as ! or ., got '\(text)'")
        }
    }
}

/// `commands.unknown`: what the room does with a command no bot declares.
enum UnknownCommandReply: String, ConfigChoice {
    /// Says it is not a command here, with the nearest name.
    case answer
    /// Keeps quiet, for bots that read `!words` themselves.
    case ignore
}

/// A room's `permissions`: the rules before the room's bots are known (the loader checks the command names).
struct PermissionsEntry: Decodable {
    var `default`: PermissionDefault?
    var commands: [String: [PermissionRules.Principal]]?

    private enum CodingKeys: String, CodingKey, CaseIterable { case `default`, commands }
}

/// `permissions.default`: what happens to a call no allow list covers.
enum PermissionDefault: String, ConfigChoice {
    case allow
    case deny
}

/// A room's `rate_limits`: calls per sender, for the room, and per bot.
struct RateLimitsEntry: Decodable {
    var user: RateSetting?
    var room: RateSetting?
    var bot: RateSetting?

    private enum CodingKeys: String, CodingKey, CaseIterable { case user, room, bot }

    var limits: RateLimitMiddleware.Limits {
        RateLimitMiddleware.Limits(user: user?.rate, room: room?.rate, bot: bot?.rate)
    }
}
