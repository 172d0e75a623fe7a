import BotKit
import BotKitTesting
import Foundation
import Testing

/// One-shot jobs a bot schedules at run time: kept in storage, listed and cancelled, run once when due, across
/// restarts.
@Suite(.serialized) struct BotJobTests {
    /// Monday 5 January 2026, 00:00 UTC, plus `minutes`.
    static func monday(minutes: Double) -> Date { Date(timeIntervalSince1970: 1_767_571_200 + minutes * 60) }

    @Test func aReminderRunsOnceWhenDueEvenAcrossARestart() async throws {
        try await withBotHarness(ReminderBot.self) { harness in
            try await harness.send("!remind 10 tea")
            try await harness.expectReply("reminding tea at 2026-01-05T00:10:00Z")
            try await harness.send("!remind 30 lunch")
            try await harness.expectReply("reminding lunch at 2026-01-05T00:30:00Z")
            try await harness.send("!jobs")
            try await harness.expectReply("jobs: tea at 2026-01-05T00:10:00Z, lunch at 2026-01-05T00:30:00Z")
            try await harness.restartHost()
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(minutes: 10))
            harness.clock.advance(toWallTime: Self.monday(minutes: 10))
            try await harness.expectReply("sip:tester@harness.example: tea (due 2026-01-05T00:10:00Z)")
            try await harness.send("!jobs")
            try await harness.expectReply("jobs: lunch at 2026-01-05T00:30:00Z")
            // Due while the host is down: it runs at the next start, once.
            try await harness.restartHost { harness.clock.advance(toWallTime: Self.monday(minutes: 45)) }
            try await harness.expectReply("sip:tester@harness.example: lunch (due 2026-01-05T00:30:00Z)")
            try await harness.restartHost()
            try await harness.expectNoReply(within: 0.5)
            try await harness.send("!jobs")
            try await harness.expectReply("jobs: none")
        }
    }

    @Test func aCancelledJobDoesNotRunAndAReplacedOneRunsAtItsNewTime() async throws {
        try await withBotHarness(ReminderBot.self) { harness in
            try await harness.send("!remind 10 tea")
            try await harness.expectReply("reminding tea at 2026-01-05T00:10:00Z")
            try await harness.send("!cancel tea")
            try await harness.expectReply("cancelled tea")
            try await harness.send("!cancel tea")
            try await harness.expectReply("no job tea")
            try await harness.send("!remind 5 cake")
            try await harness.expectReply("reminding cake at 2026-01-05T00:05:00Z")
            try await harness.send("!remind 20 cake")
            try await harness.expectReply("reminding cake at 2026-01-05T00:20:00Z")
            try await harness.clock.waitForSleeper(wakingAt: Self.monday(minutes: 20))
            harness.clock.advance(toWallTime: Self.monday(minutes: 15))
            try await harness.expectNoReply(within: 0.3)
            harness.clock.advance(toWallTime: Self.monday(minutes: 20))
            try await harness.expectReply("sip:tester@harness.example: cake (due 2026-01-05T00:20:00Z)")
        }
    }

    @Test func aJobScheduledByACallThatFailsIsNotKept() async throws {
        try await withBotHarness(ReminderBot.self) { harness in
            try await harness.send("!remind-then-fail 10 tea")
            try await harness.send("!jobs")
            try await harness.expectReply("jobs: none")
        }
    }

    @Test func aBotWithoutAJobHandlerIsToldSo() async throws {
        try await withBotHarness(KeeperBot.self) { harness in
            try await harness.send("!schedule-without-handler")
            try await harness.expectReply("refused: storage key 'later': the bot declares no job handler (commands.onJob) to run the job")
        }
    }
}

/// Reminds people: `!remind MINUTES TEXT`, `!jobs`, `!cancel TEXT`; a job is keyed by its text.
struct ReminderBot: Bot {
    struct Options: Decodable, Sendable {}
    struct Reminder: Codable, Sendable {
        let person: String
        let text: String
    }
    static let typeName = "reminder"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("remind <minutes> <text>", "Reminds you in MINUTES minutes.") { arguments, context in
            let minutes = Double(arguments["minutes"] ?? "") ?? 0
            let text = arguments["text"] ?? ""
            let due = context.now.addingTimeInterval(minutes * 60)
            let person = context.message?.messageAuthor.value ?? ""
            try await context.schedule(at: due, key: text, payload: Reminder(person: person, text: text))
            try await context.reply("reminding \(text) at \(due.ISO8601Format())")
        }
        commands.command("remind-then-fail <minutes> <text>", "Schedules, then fails.") { arguments, context in
            try await context.schedule(at: context.now.addingTimeInterval(600), key: arguments["text"] ?? "x")
            throw BotOptionError(key: "text", reason: "failing on purpose")
        }
        commands.command("jobs", "Lists the reminders.") { _, context in
            let jobs = try await context.scheduledJobs()
            try await context.reply("jobs: " + (jobs.isEmpty ? "none" : jobs.map { "\($0.key) at \($0.dueAt.ISO8601Format())" }.joined(separator: ", ")))
        }
        commands.command("cancel <text>", "Cancels a reminder.") { arguments, context in
            let key = arguments["text"] ?? ""
            try await context.reply(try await context.cancelJob(key) ? "cancelled \(key)" : "no job \(key)")
        }
        commands.onJob("Posts a reminder.") { job, context in
            let reminder = try job.payload(as: Reminder.self)
            try await context.reply("\(reminder.person): \(reminder.text) (due \(job.dueAt.ISO8601Format()))")
        }
        self.commands = commands
    }
}
