import BotKit
import HTTPTypes
import Testing
import Synchronization

/// Events each probe has seen, in order, for tests of ``BotEvent``.
final class EventLog: Sendable {
    static let shared = EventLog()
    private let events = Mutex<[String: [BotEvent]]>([:])
    func append(_ event: BotEvent, to probe: String) { events.withLock { $0[probe, default: []].append(event) } }
    func events(_ probe: String) -> [BotEvent] { events.withLock { $0[probe] ?? [] } }
}

/// Answers events and message kinds in the room, and logs every event under its probe.
struct GreeterBot: Bot {
    struct Options: Decodable, Sendable { var probe: String }
    static let typeName = "greeter"
    let probe: String
    init(options: Options, context: BotSetupContext) { probe = options.probe }

    func handle(_ event: BotEvent, context: BotContext) async throws {
        EventLog.shared.append(event, to: probe)
        switch event {
        case .participantJoined(let participant):
            try await context.reply("welcome \(participant.sipUri.value)")
        case .roomPropertiesChanged(let old, let new):
            let changed = new.keys.filter { old[$0] != new[$0] }.sorted()
            try await context.reply("room changed: \(changed.joined(separator: ", ")) now '\(new["description"] ?? "")'")
        case .endpointResumed:
            try await context.reply("back in the room")
        default:
            break
        }
    }

    func handle(_ message: ChatMessage, context: BotContext) async throws {
        switch message.kind {
        case .alert: try await context.reply("alert seen: \(message.messageContent)")
        case .story(let title): try await context.reply("story seen: \(title)")
        case .plain: break
        }
    }
}

/// Posts alerts that arrive on its webhook, and says it is still watching every minute.
struct AlertBot: Bot {
    struct Options: Decodable, Sendable {}
    struct Alert: Decodable { var service: String; var state: String }
    static let typeName = "alerts"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.webhook("alertmanager", "Posts alerts from the monitoring system.") { request, context in
            let alert = try request.json(Alert.self)
            try await context.reply("\(alert.service) is \(alert.state)", alert: alert.state == "down")
            return WebhookResponse(status: 202, body: "posted")
        }
        commands.webhook("github", "Posts signed pushes.",
                         authentication: .hmacSHA256(header: "X-Hub-Signature-256", prefix: "sha256=", secret: "github-secret")) { request, context in
            try await context.reply("signed: \(request.text)")
            return WebhookResponse(status: 204)
        }
        commands.webhook("gitlab", "Posts calls with its own token.", authentication: .header("X-Gitlab-Token", equals: "gitlab-token")) { request, context in
            #expect(request.headers[HTTPField.Name("X-Gitlab-Token")!] == "gitlab-token")
            try await context.reply("gitlab: \(request.text)")
            return WebhookResponse(status: 202)
        }
        commands.every(.seconds(60), "heartbeat") { context in try await context.reply("still watching") }
        self.commands = commands
    }
}
