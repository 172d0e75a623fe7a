import BotKit
import BotKitTesting
import Foundation
import Testing

/// `context.ask`: a question waits for the same person's next message, which reaches no handler; it times out on
/// the clock, and one open when the host stops is answered with a notice after the restart.
@Suite(.serialized) struct BotQuestionTests {
    @Test func theAnswerComesBackAndReachesNoHandler() async throws {
        // Two places: the question holds one while the other person's message is handled.
        try await withBotHarness(AskingBot.self, options: "concurrency: 2") { harness in
            // In the room before the question: a room event (a join) waits for the calls under way, the question too.
            try await harness.send("hello", as: "other")
            try await harness.expectReply("heard hello from sip:other@harness.example")
            try await harness.send("!deploy api")
            try await harness.expectReply("Which environment for api?")
            // Someone else's message is no answer: it reaches the bot as any message does.
            try await harness.send("prod!", as: "other")
            try await harness.expectReply("heard prod! from sip:other@harness.example")
            try await harness.send("staging")
            try await harness.expectReply("deploying api to staging")
            try await harness.expectNoReply(within: 0.3)
            // Once answered, the person's messages reach the bot again.
            try await harness.send("thanks")
            try await harness.expectReply("heard thanks from sip:tester@harness.example")
            #expect(await harness.statistics.first?.answers == 1)
        }
    }

    @Test func aQuestionTimesOutOnItsOwnClockNotTheCallsTimeout() async throws {
        // The call's own timeout is 30 s; the question's 60 s wait does not count against it.
        try await withBotHarness(AskingBot.self) { harness in
            try await harness.send("!deploy web")
            try await harness.expectReply("Which environment for web?")
            harness.clock.advance(by: .seconds(45))
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(by: .seconds(16))
            try await harness.expectReply("no answer from sip:tester@harness.example within 60 s")
            try await harness.send("staging")
            try await harness.expectReply("heard staging from sip:tester@harness.example")
        }
    }

    @Test func aQuestionOpenAtAStopIsAnsweredWithANoticeAfterTheRestart() async throws {
        try await withBotHarness(AskingBot.self) { harness in
            try await harness.send("!deploy api")
            try await harness.expectReply("Which environment for api?")
            try await harness.restartHost()
            try await harness.expectReply("sip:tester@harness.example: the bot restarted and no longer waits for your answer to \u{201C}Which environment for api?\u{201D}.")
            // The message that asked counts as handled: it is not handed over again to ask once more.
            try await harness.expectNoReply(within: 0.5)
            try await harness.send("prod")
            try await harness.expectReply("heard prod from sip:tester@harness.example")
            try await harness.restartHost()
            try await harness.expectNoReply(within: 0.5)
        }
    }
}

/// `!deploy SERVICE` asks which environment; other messages are echoed with their sender.
struct AskingBot: Bot {
    struct Options: Decodable, Sendable {}
    static let typeName = "asking"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("deploy <service>", "Deploys a service.") { arguments, context in
            let service = arguments["service"] ?? ""
            guard let sender = context.message?.messageAuthor.value else { return }
            do {
                let answer = try await context.ask("Which environment for \(service)?", of: sender, timeout: .seconds(60))
                try await context.reply("deploying \(service) to \(answer.messageContent)")
            } catch let error as BotQuestionError {
                switch error {
                case .timedOut: try await context.reply("no answer from \(sender) within 60 s")
                default: try await context.reply("\(error)")
                }
            }
        }
        self.commands = commands
    }

    func handle(_ message: ChatMessage, context: BotContext) async throws {
        try await context.reply("heard \(message.messageContent) from \(message.messageAuthor.value)")
    }
}
