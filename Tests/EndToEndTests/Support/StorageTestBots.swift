import BotKit
import Foundation

/// Keeps a count and notes in storage: `!count` adds one and says the total, `!slow-count` adds one taking 30 ms
/// between reading and writing, `!total` says it; `!note <key> <text>` stores a note
/// (`!note-for <ms> <key> <text>` one that expires); `!read <key>`, `!forget <key>`, `!list [<prefix>]`; `!shared <key> <text>`
/// and `!read-shared <key>` use the storage every instance of the type shares; `!write-then-fail` stores a value and
/// throws; `!big` stores a value too large.
struct KeeperBot: Bot {
    struct Options: Decodable, Sendable {}
    struct Note: Codable, Sendable, Equatable {
        var text: String
        var by: String
    }

    static let typeName = "keeper"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("count", "Counts.") { _, context in
            let total = try await context.storage.update("count", as: Int.self) { $0 = ($0 ?? 0) + 1 }
            try await context.reply("count \(total ?? 0)")
        }
        commands.command("slow-count", "Counts, taking its time between reading and writing.") { _, context in
            let count = try await context.storage.value("count", as: Int.self) ?? 0
            try await Task.sleep(for: .milliseconds(30))
            try await context.storage.set("count", to: count + 1)
        }
        commands.command("total", "Says the count.") { _, context in
            try await context.reply("total \(try await context.storage.value("count", as: Int.self) ?? 0)")
        }
        commands.command("note <key> <text...>", "Keeps a note.") { arguments, context in
            let key = arguments["key"] ?? ""
            let note = Note(text: arguments["text"] ?? "", by: context.message?.messageAuthor.value ?? "")
            try await context.storage.set("note/\(key)", to: note)
            try await context.reply("noted \(key)")
        }
        commands.command("note-for <milliseconds> <key> <text...>", "Keeps a note for a while.") { arguments, context in
            let key = arguments["key"] ?? ""
            let note = Note(text: arguments["text"] ?? "", by: context.message?.messageAuthor.value ?? "")
            let milliseconds = Int(arguments["milliseconds"] ?? "") ?? 0
            try await context.storage.set("note/\(key)", to: note, expiresAfter: .milliseconds(milliseconds))
            try await context.reply("noted \(key)")
        }
        commands.command("read <key>", "Reads a note.") { arguments, context in
            let note = try await context.storage.value("note/\(arguments["key"] ?? "")", as: Note.self)
            try await context.reply(note.map { "\($0.text) (by \($0.by))" } ?? "no note")
        }
        commands.command("forget <key>", "Forgets a note.") { arguments, context in
            try await context.storage.delete("note/\(arguments["key"] ?? "")")
            try await context.reply("forgot")
        }
        commands.command("list [<prefix>]", "Lists the notes.") { arguments, context in
            let keys = try await context.storage.keys(prefix: "note/\(arguments["prefix"] ?? "")")
            try await context.reply("notes: " + (keys.isEmpty ? "none" : keys.map { String($0.dropFirst(5)) }.joined(separator: ", ")))
        }
        commands.command("shared <key> <text...>", "Keeps a note for every instance.") { arguments, context in
            try await context.sharedStorage.set(arguments["key"] ?? "", to: arguments["text"] ?? "")
            try await context.reply("shared")
        }
        commands.command("read-shared <key>", "Reads a shared note.") { arguments, context in
            let text = try await context.sharedStorage.value(arguments["key"] ?? "", as: String.self)
            try await context.reply("shared: \(text ?? "none")")
        }
        commands.command("write-then-fail", "Stores, then fails.") { _, context in
            try await context.storage.set("note/failed", to: Note(text: "should not stay", by: ""))
            throw CocoaError(.featureUnsupported)
        }
        commands.command("big", "Stores too much.") { _, context in
            do {
                try await context.storage.set("big", to: String(repeating: "x", count: 70_000))
                try await context.reply("stored")
            } catch let error as BotStorageError {
                try await context.reply("refused: \(error)")
            }
        }
        commands.command("schedule-without-handler", "Schedules a job it has no handler for.") { _, context in
            do {
                try await context.schedule(at: context.now, key: "later")
                try await context.reply("scheduled")
            } catch let error as BotStorageError {
                try await context.reply("refused: \(error)")
            }
        }
        self.commands = commands
    }
}
