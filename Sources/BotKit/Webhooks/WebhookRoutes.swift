import PersistentChat
import Synchronization

/// The webhooks of the instances that run now, by `room/bot/path` (room names lowercased): registered when a room's
/// instances start, removed when they stop, so a stopped bot's webhooks answer 404.
final class WebhookRoutes: Sendable {
    struct Route: Sendable {
        let supervisor: BotSupervisor
        let webhook: BotCommands.Webhook
    }

    private let routes = Mutex<[String: Route]>([:])

    static func key(room: String, bot: String, path: String) -> String { "\(room.lowercased())/\(bot)/\(path)" }

    /// Registers the webhooks of a room's instances; returns their keys, to remove them later.
    func register(room: String, supervisors: [BotSupervisor], instances: [BotInstance]) -> [String] {
        var keys: [String] = []
        routes.withLock { routes in
            for (supervisor, instance) in zip(supervisors, instances) {
                for webhook in instance.commands.webhooks {
                    let key = Self.key(room: room, bot: instance.name, path: webhook.path)
                    routes[key] = Route(supervisor: supervisor, webhook: webhook)
                    keys.append(key)
                }
            }
        }
        return keys
    }

    func remove(_ keys: [String]) {
        routes.withLock { routes in for key in keys { routes[key] = nil } }
    }

    func route(_ key: String) -> Route? { routes.withLock { $0[key] } }

    /// Every registered key, sorted (for messages and the dry run).
    var keys: [String] { routes.withLock { $0.keys.sorted() } }
}
