/// What `bothost` reads from `host.yaml` and the room files (documented in docs/configuration.md).
public struct HostConfiguration: Sendable {
    /// Where the server is.
    public enum Server: Sendable, Equatable {
        /// A `ws://HOST:PORT` address.
        case url(String)
        /// Run a server in the process from this server.yaml.
        case embedded(configFile: String)
    }

    /// An identity the host connects as.
    public struct Endpoint: Sendable, Equatable {
        public var uri: String
        public var password: String
        /// Where the password came from, for messages (never the password itself).
        public var passwordSource: String
        public var file: String
        public var key: String
    }

    /// Which invitations the host accepts.
    public struct InvitationPolicy: Sendable, Equatable {
        public var accept: Bool
        /// SIP URI patterns with `*` wildcards, e.g. `sip:*@contoso.com`.
        public var from: [String]

        /// Whether an invitation from `inviter` is accepted.
        public func accepts(inviter: String) -> Bool {
            guard accept else { return false }
            let subject = inviter.lowercased()
            return from.contains { Wildcard.matches(pattern: $0.lowercased(), subject) }
        }
    }

    /// One room file.
    public struct Room: Sendable {
        public var file: String
        /// A room name or `ma-chan://` URI.
        public var room: String
        public var endpoint: String
        /// How messages address the room's bots (prefix, mentions).
        public var addressing: CommandAddressing
        /// Who may call which command; nil: everyone may call everything.
        public var permissions: PermissionRules?
        /// Calls per sender, room and bot.
        var rateLimits = RateLimitMiddleware.Limits()
        /// The room file's text: a reload restarts the room when it changed.
        var fingerprint = ""
        var bots: [BotInstance]
        /// The room's bot types, in order.
        public var botTypes: [String] { bots.map(\.typeName) }
    }

    public var server: Server
    public var endpoints: [Endpoint]
    public var invitations: InvitationPolicy
    public var roomsFolder: String
    /// The handled-message ledger's SQLite file; nil: no ledger (nothing is caught up after a restart).
    public var ledgerPath: String?
    /// Waits between reconnect attempts.
    public var reconnect: ReconnectBackoff
    /// The most replies per room, and per endpoint (to the server); nil: not limited.
    public var outboundPerRoom: Rate?
    public var outboundPerServer: Rate?
    public var rooms: [Room]
    public var sourceFile: String
}

/// `*` matches any run of characters; everything else matches itself.
enum Wildcard {
    static func matches(pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
