/// Whose keys a ``BotStorage`` holds: one bot instance's (its room and its id there), or every instance's of one
/// bot type in the host; or the host's own keys for one instance (its schedules' last slots, its one-shot jobs, its
/// open questions), which the bot reaches only through ``BotContext``.
package enum StorageScope: Sendable, Hashable, CustomStringConvertible {
    case instance(room: String, bot: String)
    case shared(type: String)
    case schedules(room: String, bot: String)

    /// The scope as the `scope` column of the ledger's `bot_storage` table has it.
    package var description: String {
        switch self {
        case .instance(let room, let bot): "instance \(bot) in \(room)"
        case .shared(let type): "shared by \(type)"
        case .schedules(let room, let bot): "schedules of \(bot) in \(room)"
        }
    }
}

/// One key of one scope.
struct StorageKey: Sendable, Hashable {
    let scope: StorageScope
    let key: String
}

/// What a call did to one key: set it (encoded, with its expiry) or deleted it.
enum StorageChange: Sendable, Equatable {
    case set(value: [UInt8], expires: Double?)
    case deleted

    /// The value, when set and not expired at `now` (seconds since 1970).
    func value(at now: Double) -> [UInt8]? {
        guard case .set(let value, let expires) = self else { return nil }
        if let expires, expires <= now { return nil }
        return value
    }
}
