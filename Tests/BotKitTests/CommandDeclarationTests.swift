@testable import BotKit
import Testing

/// Declarations: what each form means, their normal form, and a clear refusal for each fault.
@Suite struct CommandDeclarationTests {
    @Test func eachFormOfParameterIsRead() throws {
        let declaration = try CommandDeclaration("Deploy <service> [<version>] --region <where> [--env prod] [--tag=x] [--note <text>] [--force]")
        #expect(declaration.name == "deploy")
        #expect(declaration.parameters == [
            .positional(name: "service", optional: false, rest: false),
            .positional(name: "version", optional: true, rest: false),
            .option(name: "region", valueName: "where", optional: false, defaultValue: nil),
            .option(name: "env", valueName: "env", optional: true, defaultValue: "prod"),
            .option(name: "tag", valueName: "tag", optional: true, defaultValue: "x"),
            .option(name: "note", valueName: "text", optional: true, defaultValue: nil),
            .flag(name: "force"),
        ])
        #expect(declaration.description == "deploy <service> [<version>] --region <where> [--env prod] [--tag x] [--note <text>] [--force]")
        let rest = try CommandDeclaration("echo   <text...>")
        #expect(rest.parameters == [.positional(name: "text", optional: false, rest: true)])
        #expect(try CommandDeclaration("remind [<words...>]").description == "remind [<words...>]")
    }

    @Test(arguments: [
        ("", "it is empty"),
        ("<service>", "it must start with the command's name"),
        ("!deploy <service>", "'!deploy' is not a command name"),
        ("deploy <service", "'<service' is not a <name>"),
        ("deploy service", "'service' is neither a <parameter> nor an --option"),
        ("deploy [<a>", "a '[' is never closed"),
        ("deploy <a>]", "a ']' has no '['"),
        ("deploy [[<a>]]", "brackets cannot be nested"),
        ("deploy --force", "a flag goes in brackets"),
        ("deploy --env prod", "'--env' is a flag"),
        ("deploy [--env a b]", "has more than one value"),
        ("deploy <a> <a>", "'a' is declared twice"),
        ("deploy <rest...> <more>", "must be the last word"),
        ("deploy [<a>] <b>", "the required <b> cannot follow the optional [<a>]"),
        ("deploy [--help]", "--help is taken"),
        ("deploy <9lives>", "has a name that is not a letter"),
    ])
    func aFaultyDeclarationIsRefusedWithItsReason(text: String, reason: String) {
        #expect {
            _ = try CommandDeclaration(text)
        } throws: { error in
            guard let error = error as? CommandDeclarationError else { return false }
            return error.reason.contains(reason) && error.description.contains("'\(text)'")
        }
    }

    @Test func botCommandsRecordFaultsInsteadOfThrowing() throws {
        struct Deploy: Decodable, Sendable { var service: String; var enviroment: String }
        var commands = BotCommands()
        commands.command("deploy <service> [--environment prod]", "Deploys.", as: Deploy.self) { _, _ in }
        commands.command("echo <text...>", "Repeats.", aliases: ["say"]) { _, _ in }
        commands.command("say <text...>", "Also repeats.") { _, _ in }
        commands.command("help", "Mine.") { _, _ in }
        commands.command("talk <text...>", "Repeats.", aliases: ["bad alias"]) { _, _ in }
        commands.hears("([unclosed", "Broken.") { _, _ in }
        let problems = commands.problems
        try #require(problems.count == 5)
        #expect(problems[0] == "command 'deploy': Deploy decodes 'enviroment', which 'deploy <service> [--environment prod]' does not declare")
        #expect(problems[1] == "command 'say': the name 'say' is declared twice")
        #expect(problems[2] == "command 'help': 'help' is the host's own command")
        #expect(problems[3].hasPrefix("command 'talk': alias 'bad alias' is not a command name"))
        #expect(problems[4].hasPrefix("pattern '([unclosed' does not compile"))
        #expect(commands.commands.map(\.declaration.name) == ["echo"])
    }
}
