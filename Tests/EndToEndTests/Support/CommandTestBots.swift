import BotKit

/// A bot with a typed command, an alias, a check of its own, a pattern and a fallback, to test command routing.
struct DeployBot: Bot {
    struct Options: Decodable, Sendable {}
    struct Deploy: Decodable, Sendable {
        enum Env: String, Decodable, CaseIterable { case prod, staging }
        var service: String
        var env: Env
        var replicas: Int?
        var force: Bool
    }

    static let typeName = "deploy"
    let commands: BotCommands

    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("deploy <service> [--env prod] [--replicas <count>] [--force]", "Deploys a service.", aliases: ["ship"],
                         as: Deploy.self) { deploy, context in
            if deploy.env == .prod, !deploy.force, (deploy.replicas ?? 1) > 10 {
                throw CommandUsageError("more than 10 replicas in prod needs --force")
            }
            let sender = context.message?.messageAuthor.value ?? "nobody"
            try await context.reply("deploying \(deploy.service) to \(deploy.env.rawValue) x\(deploy.replicas ?? 1) for \(sender)")
        }
        commands.hears(#"\bINC-(?<number>\d+)\b"#, "incident numbers such as INC-42") { match, context in
            try await context.reply("incident \(match["number"] ?? "?"): https://tracker.example/INC-\(match[1] ?? "?")")
        }
        self.commands = commands
    }

    func handle(_ message: ChatMessage, context: BotContext) async throws {
        if message.messageContent == "ping deploy" { try await context.reply("pong from the fallback") }
    }
}

/// A bot whose declaration is faulty: the host must refuse to start.
struct FaultyDeclarationBot: Bot {
    struct Options: Decodable, Sendable {}
    static let typeName = "faulty"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("restart [<service>] <when>", "Restarts.") { _, _ in }
        self.commands = commands
    }
}

/// A bot that would answer mentions with a command it never declares: the host must refuse to start.
struct UndeclaredMentionBot: Bot {
    struct Options: Decodable, Sendable {}
    static let typeName = "mentions"
    let commands: BotCommands
    init(options: Options, context: BotSetupContext) {
        var commands = BotCommands()
        commands.command("status", "Reports.") { _, _ in }
        commands.answerMentions(with: "ask")
        self.commands = commands
    }
}
