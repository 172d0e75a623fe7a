import PersistentChat

/// A room's `permissions`: who may call which command, by SIP URI, directory group or room role.
package struct PermissionRules: Sendable, Equatable {
    /// One entry of an allow list.
    package enum Principal: Sendable, Equatable, CustomStringConvertible {
        /// `sip:alice@contoso.com`, or a pattern such as `sip:*@ops.contoso.com`.
        case sip(String)
        /// `group:Support` or `group:CN=Support,OU=Staff,DC=contoso,DC=com`: a directory group (nested groups count).
        case group(String)
        /// `role:manager`, `role:presenter`, `role:member`: the sender's role in the room.
        case role(ChatRoomRole)

        /// Reads one entry; nil when it is none of the three forms.
        package init?(_ text: String) {
            let lowered = text.lowercased()
            if lowered.hasPrefix("sip:"), lowered.count > 4 {
                self = .sip(lowered)
            } else if lowered.hasPrefix("group:"), text.count > 6 {
                self = .group(String(text.dropFirst(6)))
            } else if lowered.hasPrefix("role:") {
                switch lowered.dropFirst(5) {
                case "manager": self = .role(.manager)
                case "presenter": self = .role(.presenter)
                case "member": self = .role(.member)
                default: return nil
                }
            } else {
                return nil
            }
        }

        package var description: String {
            switch self {
            case .sip(let pattern): pattern
            case .group(let name): "group:\(name)"
            case .role(let role): "role:\(role)"
            }
        }
    }

    /// With `allow`, what no rule covers is allowed; with `deny`, refused.
    package var denyByDefault: Bool
    /// Allow lists by command name; `*` covers every command not named, and patterns.
    package var commands: [String: [Principal]]

    package init(denyByDefault: Bool = false, commands: [String: [Principal]] = [:]) {
        self.denyByDefault = denyByDefault
        self.commands = commands
    }

    /// What decides whether a route may be called.
    enum Governance: Equatable {
        /// Not checked: a bot's `handle` is not an invocation.
        case unchecked
        /// No allow list covers it: ``denyByDefault`` decides.
        case byDefault
        case allowList([Principal])
    }

    func governance(of route: BotCall.Route) -> Governance {
        let list: [Principal]?
        switch route {
        case .command(let name): list = commands[name] ?? commands["*"]
        case .pattern: list = commands["*"]
        case .message: return .unchecked
        }
        return list.map(Governance.allowList) ?? .byDefault
    }
}
