import BotKit
import Foundation

/// Reminders for a person or the room, kept through restarts and each delivered once:
/// `!remind me in 2h TEXT`, `!remind room at 17:00 TEXT`, `!remind me tomorrow 9:00 TEXT`,
/// `!remind room every weekday at 09:00 TEXT`; `!reminders` lists yours; `!remind cancel ID` cancels one. Times of day
/// are read in the room's time zone (option `time_zone`). A reminder that fell due while the host was down is delivered
/// at the next start, once, saying it is late.
public struct RemindBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The IANA time zone times of day are read in (default `UTC`).
        public var time_zone: String?
    }

    /// A reminder as its job carries it.
    struct Reminder: Codable, Sendable {
        var id: Int
        var person: String
        var toRoom: Bool
        var text: String
        /// The cron expression of a repeating reminder's times.
        var repeats: String?
    }

    public static let typeName = "remind"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) throws {
        let zoneName = options.time_zone ?? "UTC"
        guard let zone = TimeZone(identifier: zoneName) else {
            throw BotOptionError(key: "time_zone", reason: "'\(zoneName)' is not a time zone (use an IANA name such as Europe/Berlin)")
        }
        var commands = BotCommands()
        commands.command("remind <words...>", "Reminds you or the room: me|room in 2h|at 17:00|tomorrow 9:00|every weekday at 09:00 TEXT; cancel ID.") {
            arguments, context in
            let words = arguments.words("words")
            let person = context.message?.messageAuthor.value ?? ""
            switch words.first?.lowercased() {
            case "cancel":
                try await Self.cancel(words.dropFirst().first ?? "", person: person, context: context)
            case "me", "room":
                let time = try ReminderTime(Array(words.dropFirst()), now: context.now, zone: zone)
                let id = try await context.storage.update("last-id", as: Int.self) { $0 = ($0 ?? 0) + 1 } ?? 1
                let reminder = Reminder(id: id, person: person, toRoom: words.first?.lowercased() == "room", text: time.text,
                                        repeats: time.repeats)
                try await context.schedule(at: time.due, key: "\(id)", payload: reminder)
                let every = time.repeats.map { " (repeats: \($0))" } ?? ""
                try await context.reply("Reminder #\(id) set for \(WallTimeText.format(time.due, zone: zone, named: zoneName))\(every).")
            default:
                throw CommandUsageError("start with me, room or cancel")
            }
        }
        commands.command("reminders", "Lists your reminders.") { _, context in
            let person = context.message?.messageAuthor.value.lowercased() ?? ""
            var lines: [String] = []
            for job in try await context.scheduledJobs() {
                guard let reminder = try? job.payload(as: Reminder.self), reminder.person.lowercased() == person else { continue }
                lines.append("#\(reminder.id) \(WallTimeText.format(job.dueAt, zone: zone, named: zoneName)): \(reminder.text)\(reminder.repeats == nil ? "" : " (repeats)")")
            }
            try await context.reply(lines.isEmpty ? "You have no reminders." : lines.joined(separator: "\n"))
        }
        commands.onJob("Delivers a reminder.") { job, context in
            let reminder = try job.payload(as: Reminder.self)
            let lateBy = context.now.timeIntervalSince(job.dueAt)
            let late = lateBy > 60 ? " (late: it was due at \(WallTimeText.format(job.dueAt, zone: zone, named: zoneName)) while the bot was not running)" : ""
            try await context.reply((reminder.toRoom ? "Reminder: " : "\(reminder.person): ") + reminder.text + late)
            if let repeats = reminder.repeats, let schedule = try? CronSchedule(repeats, timeZone: zone.identifier),
               let next = schedule.nextSlot(after: max(context.now, job.dueAt)) {
                try await context.schedule(at: next, key: job.key, payload: reminder)
            }
        }
        self.commands = commands
    }

    private static func cancel(_ id: String, person: String, context: BotContext) async throws {
        guard let job = try await context.scheduledJobs().first(where: { $0.key == id }),
              let reminder = try? job.payload(as: Reminder.self) else {
            try await context.reply("No reminder #\(id).")
            return
        }
        let sender = context.message?.messageAuthor
        guard reminder.person.lowercased() == person.lowercased() || sender.flatMap({ context.participant($0) })?.isManager == true else {
            try await context.reply("Only who set reminder #\(id), or a room manager, may cancel it.")
            return
        }
        try await context.cancelJob(id)
        try await context.reply("Reminder #\(id) cancelled.")
    }
}
