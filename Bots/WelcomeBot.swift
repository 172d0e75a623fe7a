import BotKit
import Foundation

/// Greets each person who joins the room, once per person (remembered in storage), with a template of the room
/// file's; joins that come together are greeted in one message, so a mass join is never a flood.
public struct WelcomeBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The greeting: `{name}` is the person's display name (several names, joined, for a batch), `{room}` the room's
        /// name. Default: `Welcome to {room}, {name}!`
        public var message: String?
        /// How long joins are gathered into one greeting, in seconds (default 10, 0 to 3600).
        public var gather_seconds: Int?
        /// The most names one greeting lists; the rest are counted (default 10, 1 to 100).
        public var max_names: Int?
    }

    /// The people waiting for the next greeting.
    struct Pending: Codable, Sendable {
        var names: [String] = []
    }

    public static let typeName = "welcome"
    public let commands: BotCommands
    let template: String
    let gather: TimeInterval

    public init(options: Options, context: BotSetupContext) throws {
        template = options.message ?? "Welcome to {room}, {name}!"
        guard !template.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw BotOptionError(key: "message", reason: "must not be empty")
        }
        let gather = try OptionBounds.check(options.gather_seconds, default: 10, in: 0...3600, key: "gather_seconds")
        self.gather = TimeInterval(gather)
        let maxNames = try OptionBounds.check(options.max_names, default: 10, in: 1...100, key: "max_names")
        var commands = BotCommands()
        let template = template
        commands.onJob("Greets the people who joined.") { _, context in
            guard let pending = try await context.storage.value("pending", as: Pending.self), !pending.names.isEmpty else { return }
            try await context.storage.delete("pending")
            try await context.reply(Self.greeting(template, names: pending.names, room: context.room.name, maxNames: maxNames))
        }
        self.commands = commands
    }

    public func handle(_ event: BotEvent, context: BotContext) async throws {
        guard case .participantJoined(let person) = event else { return }
        let key = "greeted/" + person.sipUri.value.lowercased()
        // Once per person: the mark is kept with the pending name, in one write.
        guard try await context.storage.value(key, as: Bool.self) == nil else { return }
        try await context.storage.set(key, to: true)
        let name = person.name.isEmpty ? person.sipUri.value : person.name
        let pending = try await context.storage.update("pending", as: Pending.self) { $0 = ($0 ?? Pending()); $0?.names.append(name) }
        // The first of a batch sets the greeting's time; the others join it.
        if pending?.names.count == 1 {
            try await context.schedule(at: context.now.addingTimeInterval(gather), key: "greet")
        }
    }

    /// The greeting for `names`: each name for up to `maxNames`, then how many more.
    static func greeting(_ template: String, names: [String], room: String, maxNames: Int) -> String {
        let shown = Array(names.prefix(maxNames))
        let others = names.count - shown.count
        var list: String
        switch shown.count {
        case 1: list = shown[0]
        default: list = shown.dropLast().joined(separator: ", ") + (others > 0 ? ", " + (shown.last ?? "") : " and " + (shown.last ?? ""))
        }
        if others > 0 { list += " and \(others) other\(others == 1 ? "" : "s")" }
        return Placeholders.fill(template, with: ["{name}": list, "{room}": room])
    }
}
