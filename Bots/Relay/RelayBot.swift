import BotKit
import Foundation
import Synchronization

/// Brings other systems' webhooks into the room: each hook of its room file is a webhook of the host's listener
/// (`POST /hooks/ROOM/BOT/PATH`) that reads one service's payloads (`preset`: `alertmanager`, `github`, `gitlab`, or
/// `generic` JSON through a Mustache template), checks that service's own authentication, and posts a short message.
public struct RelayBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The hooks, each at its own path.
        public var hooks: [RelayHook]
        /// At most this many calls a minute per hook are posted; more are answered 429 (default 30, 1 to 600).
        public var max_per_minute: Int?
        /// The most alerts or commits one message lists; the rest are counted (default 5, 1 to 50).
        public var max_listed: Int?
    }

    public static let typeName = "relay"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) throws {
        guard !options.hooks.isEmpty else { throw BotOptionError(key: "hooks", reason: "give at least one hook") }
        let perMinute = try OptionBounds.check(options.max_per_minute, default: 30, in: 1...600, key: "max_per_minute")
        let listed = try OptionBounds.check(options.max_listed, default: 5, in: 1...50, key: "max_listed")
        var commands = BotCommands()
        for (index, hook) in options.hooks.enumerated() {
            let preset = try hook.preset(at: index, listed: listed)
            let limit = BurstLimit(perMinute: perMinute)
            commands.webhook(hook.path, "Relays \(hook.preset) webhooks.", authentication: try hook.authentication(at: index)) { request, context in
                guard limit.admit(at: context.now) else {
                    context.logger.warning("relay call refused: over the hook's limit", metadata: ["hook": "\(hook.path)", "per_minute": "\(perMinute)"])
                    throw WebhookRefusal(status: .tooManyRequests, reason: "over \(perMinute) calls a minute to this hook; try again later")
                }
                return try await preset.relay(request, context: context)
            }
        }
        self.commands = commands
    }
}

/// Calls admitted in the last minute, per hook.
final class BurstLimit: Sendable {
    private let times = Mutex<[Date]>([])
    let perMinute: Int

    init(perMinute: Int) {
        self.perMinute = perMinute
    }

    /// Whether a call at `now` is within the limit (it then counts).
    func admit(at now: Date) -> Bool {
        times.withLock { times in
            times.removeAll { now.timeIntervalSince($0) >= 60 }
            guard times.count < perMinute else { return false }
            times.append(now)
            return true
        }
    }
}
