import BotKit
import Foundation
import HTTPTypes
import PersistentChat
import Synchronization

/// What the queue test bots saw, by probe name.
enum QueueProbes {
    static let shared = ProbeRecords(QueueProbeRecord())
}

/// What one queue test saw.
struct QueueProbeRecord: Sendable {
    /// Texts of the messages handled, in the order handled.
    var handled: [String] = []
    /// Webhook calls started.
    var webhookCalls = 0
    /// Header fields each webhook call saw.
    var webhookHeaders: [HTTPFields] = []
    /// Set by the test: blocked webhook calls go on.
    var released = false
}

/// Sleeps `milliseconds` on every message, then notes its text: a bot that falls behind a flood.
struct SlowBot: Bot {
    struct Options: Decodable, Sendable {
        var probe: String
        var milliseconds: Int
    }
    static let typeName = "slow"
    let options: Options
    init(options: Options, context: BotSetupContext) { self.options = options }

    func handle(_ message: ChatMessage, context: BotContext) async throws {
        try await Task.sleep(for: .milliseconds(options.milliseconds))
        QueueProbes.shared.update(options.probe) { $0.handled.append(message.messageContent) }
    }
}

/// A webhook `held` that notes the header fields it gets and answers only once the test releases it.
struct HeldWebhookBot: Bot {
    struct Options: Decodable, Sendable { var probe: String }
    static let typeName = "held-webhook"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        let probe = options.probe
        commands.webhook("held", "Answers once released.") { request, _ in
            QueueProbes.shared.update(probe) {
                $0.webhookCalls += 1
                $0.webhookHeaders.append(request.headers)
            }
            while !QueueProbes.shared.record(probe).released { try await Task.sleep(for: .milliseconds(20)) }
            return WebhookResponse(status: .ok, body: "done")
        }
        self.commands = commands
    }
}

/// `!leak` fails with an error that names internal addresses, as a failing call-out's error does.
struct LeakyBot: Bot {
    struct Options: Decodable, Sendable {}
    struct Failure: Error, CustomStringConvertible {
        var description: String { "GET http://10.9.8.7:8443/internal/admin refused; db.internal:5432 and [fd00::17]:80 down" }
    }
    static let typeName = "leaky"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("leak", "Fails, naming internal addresses.") { _, _ in throw Failure() }
        self.commands = commands
    }
}
