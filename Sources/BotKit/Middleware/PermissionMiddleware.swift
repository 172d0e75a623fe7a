import PersistentChat
import Synchronization

/// Enforces a room's ``PermissionRules`` around each command and pattern call.
///
/// Roles come from the room's participant list (manager, presenter) and, for `role:member`, from the room's member
/// list, which only a manager of the room may read. Groups come from the directory entry of the sender, which only a
/// system user may read. Either lookup failing refuses the call and logs why. Lookups are kept for a minute.
final class PermissionMiddleware: BotMiddleware {
    private let rules: PermissionRules
    private let clock: any BotClock
    private let cache = Mutex<[String: (at: Duration, values: Set<String>)]>([:])
    private static let cacheLife = Duration.seconds(60)

    init(rules: PermissionRules, clock: any BotClock) {
        self.rules = rules
        self.clock = clock
    }

    func around(_ call: BotCall, context: BotContext, next: @Sendable () async throws -> Void) async throws {
        let allowList: [PermissionRules.Principal]
        switch rules.governance(of: call.route) {
        case .allowList(let list):
            allowList = list
        case .unchecked:
            try await next()
            return
        case .byDefault:
            guard rules.denyByDefault else {
                try await next()
                return
            }
            allowList = []
        }
        for principal in allowList where await matches(principal, sender: call.sender, context: context) {
            try await next()
            return
        }
        let what: String
        switch call.route {
        case .command(let name): what = context.addressing.shown(name)
        case .pattern, .message: what = "this bot"
        }
        context.logger.notice("call refused by the room's permissions", metadata: [
            "sender": "\(call.sender)", "route": "\(call.route)", "allowed": "\(allowList.map(\.description).joined(separator: ", "))",
        ])
        try await context.reply("\(call.sender.value) may not use \(what) here.")
    }

    private func matches(_ principal: PermissionRules.Principal, sender: SIPURI, context: BotContext) async -> Bool {
        switch principal {
        case .sip(let pattern):
            return Wildcard.matches(pattern: pattern, sender.value.lowercased())
        case .role(.manager), .role(.presenter):
            guard let participant = context.link.current?.participants.first(where: { $0.sipUri == sender }) else { return false }
            return principal == .role(.manager) ? participant.isManager : participant.isPresenter || participant.isManager
        case .role:
            guard let session = context.link.current, let room = session.chatRoomUri else { return false }
            let services = session.endpoint.persistentChatServices
            guard let members = await lookup("members:\(room)", context: context, what: "the room's member list", {
                Set(try await services.chatRoomManagementServices.getMembers(room).map { $0.principal.reference.lowercased() })
            }), let identities = await identities(of: sender, context: context) else { return false }
            return !members.isDisjoint(with: identities)
        case .group(let name):
            guard let identities = await identities(of: sender, context: context) else { return false }
            return identities.contains(name.lowercased())
        }
    }

    /// The sender's SIP URI and the references, paths and names of every group, OU and domain it belongs to.
    private func identities(of sender: SIPURI, context: BotContext) async -> Set<String>? {
        guard let session = context.link.current else { return nil }
        let services = session.endpoint.persistentChatServices
        return await lookup("user:\(sender.value.lowercased())", context: context, what: "the sender's directory entry") {
            let user = try await services.userServices.getUser(sender)
            var names: Set<String> = [sender.value.lowercased()]
            for group in user.memberOf {
                names.insert(group.reference.lowercased())
                names.insert(group.name.lowercased())
                if let path = group.adPath { names.insert(path.lowercased()) }
            }
            return names
        }
    }

    private func lookup(_ key: String, context: BotContext, what: String,
                        _ fetch: () async throws -> Set<String>) async -> Set<String>? {
        let now = clock.now
        if let kept = cache.withLock({ $0[key] }), now - kept.at < Self.cacheLife { return kept.values }
        do {
            let values = try await fetch()
            cache.withLock { $0[key] = (now, values) }
            return values
        } catch {
            context.logger.error("permission check cannot read \(what)", metadata: ["error": "\(error)"])
            return nil
        }
    }
}
