import BotKit
import Foundation

/// `!remind <minutes> <text...>`: reminds its sender in the room when the time comes, even across restarts;
/// `!reminders` lists what is due and `!forget <text...>` cancels one.
public struct ReminderBot: Bot {
    public struct Options: Decodable, Sendable {}

    /// What a reminder's job carries.
    struct Reminder: Codable, Sendable {
        var person: String
        var text: String
    }

    struct Request: Decodable, Sendable {
        var minutes: Int
        var text: String
    }

    public static let typeName = "reminder"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("remind <minutes> <text...>", "Reminds you of something in so many minutes.",
                         as: Request.self) { request, context in
            let person = context.message?.messageAuthor.value ?? ""
            let due = context.now.addingTimeInterval(Double(request.minutes) * 60)
            // One job per person and text: asking again moves it.
            try await context.schedule(at: due, key: "\(person) \(request.text)",
                                       payload: Reminder(person: person, text: request.text))
            try await context.reply("I will remind you in \(request.minutes) min.")
        }
        commands.command("reminders", "Lists the reminders to come.") { _, context in
            let jobs = try await context.scheduledJobs()
            let lines = try jobs.map { job in
                let reminder = try job.payload(as: Reminder.self)
                return "\(job.dueAt.formatted(.iso8601)): \(reminder.text) (\(reminder.person))"
            }
            try await context.reply(lines.isEmpty ? "no reminders" : lines.joined(separator: "\n"))
        }
        commands.command("forget <text...>", "Cancels your reminder of that text.") { arguments, context in
            let person = context.message?.messageAuthor.value ?? ""
            let cancelled = try await context.cancelJob("\(person) \(arguments["text"] ?? "")")
            try await context.reply(cancelled ? "forgotten" : "no such reminder")
        }
        commands.onJob("Posts a reminder when it is due.") { job, context in
            let reminder = try job.payload(as: Reminder.self)
            try await context.reply("\(reminder.person): \(reminder.text)")
        }
        self.commands = commands
    }
}
