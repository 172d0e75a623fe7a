import BotKit
import Foundation
import Synchronization

/// What the supervision test bots report, by probe name.
enum BotProbes {
    static let shared = ProbeRecords(BotProbeRecord())
}

/// What one supervision test's bots reported.
struct BotProbeRecord: Sendable {
    var started = 0
    var cancelled = 0
    var running = 0
    var mostAtOnce = 0
    var released = false
}

/// `!hang` never returns on its own. With `stubborn`, it ignores cancellation too and runs until the test releases it.
struct HangBot: Bot {
    struct Options: Decodable, Sendable {
        var probe: String
        var stubborn: Bool?
    }
    static let typeName = "hang"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("hang [<label>]", "Never returns on its own.") { _, _ in try await Self.hang(options) }
        self.commands = commands
    }

    static func hang(_ options: Options) async throws {
        let probe = options.probe
        BotProbes.shared.update(probe) { $0.started += 1 }
        do {
            try await Task.sleep(for: .seconds(3600))
        } catch {
            BotProbes.shared.update(probe) { $0.cancelled += 1 }
            guard options.stubborn == true else { throw error }
            // Waits without looking at cancellation (Task.sleep would throw at once, and the loop would spin).
            while !BotProbes.shared.record(probe).released {
                await withCheckedContinuation { continuation in
                    DispatchQueue.global().asyncAfter(deadline: .now() + 0.02) { continuation.resume() }
                }
            }
        }
    }
}

/// `!fail` throws; `!ok TEXT` answers `ok TEXT`.
struct FlakyBot: Bot {
    struct Options: Decodable, Sendable {}
    static let typeName = "flaky"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("fail", "Throws.") { _, _ in throw Refusal() }
        commands.command("ok <text...>", "Answers ok.") { arguments, context in try await context.reply("ok " + (arguments["text"] ?? "")) }
        self.commands = commands
    }

    struct Refusal: Error, CustomStringConvertible {
        var description: String { "refused on purpose" }
    }
}

/// `!gate N` waits until the test releases its probe, counting how many calls run at once, then answers `done N`.
struct GateBot: Bot {
    struct Options: Decodable, Sendable { var probe: String }
    static let typeName = "gate"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("gate <label>", "Waits for the test.") { arguments, context in
            try await Self.pass(probe: options.probe, label: arguments["label"] ?? "", context: context)
        }
        self.commands = commands
    }

    static func pass(probe: String, label: String, context: BotContext) async throws {
        BotProbes.shared.update(probe) { record in
            record.running += 1
            record.mostAtOnce = max(record.mostAtOnce, record.running)
        }
        while !BotProbes.shared.record(probe).released {
            try await Task.sleep(for: .milliseconds(10))
        }
        BotProbes.shared.update(probe) { $0.running -= 1 }
        try await context.reply("done " + label)
    }
}

/// `!ask TEXT` answers `got TEXT` and waits for its reply to be stored; with `hang`, it then waits until cancelled,
/// so a host stopped meanwhile has answered but not finished the message.
struct AnswerThenHangBot: Bot {
    struct Options: Decodable, Sendable {
        var probe: String
        var hang: Bool
    }
    static let typeName = "answer-then-hang"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("ask <question...>", "Answers, then maybe hangs.") { arguments, context in
            BotProbes.shared.update(options.probe) { $0.started += 1 }
            _ = try await context.reply("got " + (arguments["question"] ?? "")).acknowledged()
            if options.hang { try await Task.sleep(for: .seconds(3600)) }
        }
        self.commands = commands
    }
}
