import PersistentChat
import YAMLConfig

/// What `bothost` reads from `host.yaml` and the room files (documented in docs/configuration.md).
package struct HostConfiguration: Sendable {
    /// Where the server is.
    package enum Server: Sendable, Equatable {
        /// A `ws://HOST:PORT` address.
        case url(String)
        /// Run a server in the process from this server.yaml.
        case embedded(configFile: String)
    }

    /// An identity the host connects as.
    package struct Endpoint: Sendable, Equatable {
        package var uri: String
        package var password: String
        /// Where the password came from, for messages (never the password itself).
        package var passwordSource: String
        package var file: String
        package var key: String
    }

    /// Which invitations the host accepts, and which bots it runs in the rooms it joins through them.
    package struct InvitationPolicy: Sendable {
        package var accept: Bool
        /// Inviters (SIP URI patterns with `*` wildcards, e.g. `sip:*@contoso.com`).
        package var from: [String]
        /// Room name patterns (`*` wildcards); all rooms when empty.
        package var rooms: [String] = []
        /// Category names; all categories when empty.
        package var categories: [String] = []
        /// Makes the bots of a room joined through an invitation; nil when `accept` is off.
        var template: InvitationTemplate?

        /// Nil when an invitation to `room` in `category`, sent by `inviter`, is accepted; else why not.
        package func refusal(inviter: String?, room: String, category: String) -> String? {
            guard accept else { return "invitations.accept is off" }
            guard let inviter = inviter?.lowercased() else { return "the server did not say who sent it" }
            guard from.contains(where: { Wildcard.matches(pattern: $0.lowercased(), inviter) }) else {
                return "\(inviter) is not in invitations.from"
            }
            if !rooms.isEmpty, !rooms.contains(where: { Wildcard.matches(pattern: $0.lowercased(), room.lowercased()) }) {
                return "the room '\(room)' is not in invitations.rooms"
            }
            if !categories.isEmpty, !categories.contains(where: { $0.lowercased() == category.lowercased() }) {
                return "the category '\(category)' is not in invitations.categories"
            }
            return nil
        }

        /// A text of the settings, for comparing configurations.
        var summary: String { "\(accept) from \(from) rooms \(rooms) categories \(categories) bots \(template?.fingerprint ?? "")" }
    }

    /// The host's HTTP listener for bots' webhooks.
    package struct WebhookSettings: Sendable, Equatable {
        package var host: String
        /// 0: any free port.
        package var port: Int
        /// What callers give as `Authorization: Bearer TOKEN`.
        package var token: String
        /// Where the token came from, for messages (never the token).
        package var tokenSource: String
        /// `webhooks.tls`: serve `https://` with this certificate and key (absolute paths); nil: plain HTTP.
        package var tls: TLSFiles? = nil
    }

    /// The operations listener (host.yaml `metrics`): `/health` and `/ready`.
    package struct OperationsSettings: Sendable, Equatable {
        package var host: String
        /// 0: any free port.
        package var port: Int
    }

    /// One room file.
    package struct Room: Sendable {
        package var file: String
        /// A room name or `ma-chan://` URI.
        package var room: String
        package var endpoint: String
        /// How messages address the room's bots (prefix, mentions).
        package var addressing: CommandAddressing
        /// Who may call which command; nil: everyone may call everything.
        package var permissions: PermissionRules?
        /// Calls per sender, room and bot.
        var rateLimits = RateLimitMiddleware.Limits()
        /// The room file's text: a reload restarts the room when it changed.
        var fingerprint = ""
        var bots: [BotInstance]
        /// The room's bot types, in order.
        package var botTypes: [String] { bots.map(\.typeName) }
    }

    package var server: Server
    /// host.yaml `tls.ca_file`: which certificates a `wss://` server may present.
    package var serverTrust = ServerTrust()
    package var endpoints: [Endpoint]
    package var invitations: InvitationPolicy
    package var roomsFolder: String
    /// The handled-message ledger's SQLite file; nil: no ledger (nothing is caught up after a restart).
    package var ledgerPath: String?
    /// Waits between reconnect attempts.
    package var reconnect: ReconnectBackoff
    /// The most replies per room, and per endpoint (to the server); nil: not limited.
    package var outboundPerRoom: Rate?
    package var outboundPerServer: Rate?
    /// The bounds of the host's queues (host.yaml `queues`).
    package var queues = QueueBounds()
    /// How much bots may store (host.yaml `storage`).
    package var storage = StorageLimits()
    /// The webhook listener; nil: bots' webhooks are not served.
    package var webhooks: WebhookSettings?
    /// The operations listener; nil: none.
    package var operations: OperationsSettings?
    package var rooms: [Room]
    package var sourceFile: String
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
