@testable import BotKit
import Testing

/// Reading a message's words against a declaration, and decoding them into the command's own type.
@Suite struct CommandArgumentsTests {
    struct Deploy: Decodable, Sendable, Equatable {
        enum Env: String, Decodable, CaseIterable { case prod, staging }
        var service: String
        var replicas: Int?
        var env: Env
        var force: Bool
        var dryRun: Bool
    }

    static let deploy = try! CommandDeclaration("deploy <service> [<replicas>] [--env prod] [--force] [--dry-run]")

    func decode(_ text: String) throws -> Deploy {
        let arguments = try Self.deploy.arguments(from: text[...])
        return try Deploy(from: CommandArgumentsDecoder(arguments: arguments, declaration: Self.deploy))
    }

    @Test func wordsOptionsAndFlagsDecodeIntoTheType() throws {
        #expect(try decode("api") == Deploy(service: "api", replicas: nil, env: .prod, force: false, dryRun: false))
        #expect(try decode("api 3 --env staging --force") == Deploy(service: "api", replicas: 3, env: .staging, force: true, dryRun: false))
        #expect(try decode("--env=staging --dry-run 'api gateway'") == Deploy(service: "api gateway", replicas: nil, env: .staging, force: false, dryRun: true))
        // After "--" a word that looks like an option is a word.
        #expect(try decode("-- --force") == Deploy(service: "--force", replicas: nil, env: .prod, force: false, dryRun: false))
    }

    @Test(arguments: [
        ("", "<service> is missing"),
        ("api three", "<replicas> expects a whole number, got 'three'"),
        ("api --env test", "--env cannot be 'test' (one of: prod, staging)"),
        ("api --envy prod", "--envy is not an option of this command (it takes --env, --force, --dry-run)"),
        ("api --env", "--env needs a value"),
        ("api --force --force", "--force is given twice"),
        ("api --force=yes", "--force is a flag and takes no value"),
        ("api 1 2", "'2' is one word too many"),
        ("\"api", "a quote (\") is never closed"),
    ])
    func aWrongMessageIsAUsageErrorNamingThePart(text: String, reason: String) {
        #expect {
            _ = try decode(text)
        } throws: { error in
            (error as? CommandUsageError)?.reason == reason
        }
    }

    @Test func quotesAndBackslashesGroupWordsButApostrophesAreLetters() throws {
        let words = try CommandLineTokens.split(#"say "a \"b\" c" 'd e' “f g” don't C:\temp a\ b"#[...]).map(\.text)
        #expect(words == ["say", #"a "b" c"#, "d e", "f g", "don't", #"C:\temp"#, "a b"])
    }

    @Test func aRestParameterKeepsTheTextAsWrittenAndItsWords() throws {
        let echo = try CommandDeclaration("echo [--loud] <text...>")
        let arguments = try echo.arguments(from: "  --loud  hello   --world  'x y'  "[...])
        #expect(arguments["text"] == "hello   --world  'x y'")
        #expect(arguments.words("text") == ["hello", "--world", "x y"])
        #expect(arguments.flag("loud"))
        struct Echo: Decodable { var text: [String] }
        #expect(try Echo(from: CommandArgumentsDecoder(arguments: arguments, declaration: echo)).text == ["hello", "--world", "x y"])
    }

    @Test func aCommandDeclaredToTakeTextAsWrittenReadsNoOptionsAndNeedsNoPairedQuotes() throws {
        var ask = try CommandDeclaration("ask <question...>")
        // Any other rest-of-line command still reads its words strictly.
        #expect(throws: CommandUsageError("a quote (') is never closed")) { try ask.arguments(from: "'tis"[...]) }
        ask.takesTextAsWritten = true
        let arguments = try ask.arguments(from: " 'tis the --force \"day\"?  "[...])
        #expect(arguments["question"] == "'tis the --force \"day\"?")
        #expect(arguments.words("question") == ["'tis", "the", "--force", "\"day\"?"])
        #expect(throws: CommandUsageError("<question...> is missing")) { try ask.arguments(from: "   "[...]) }
        var optional = try CommandDeclaration("note [<text...>]")
        optional.takesTextAsWritten = true
        #expect(try optional.arguments(from: ""[...])["text"] == nil)
    }

    @Test func addressingByPrefixOrByMention() {
        let addressing = CommandAddressing(prefix: "!", mentionNames: ["EchoBot"])
        #expect(addressing.invocation(in: "  !Deploy api")?.word == "deploy")
        #expect(addressing.invocation(in: "!deploy api")?.arguments == " api")
        #expect(addressing.invocation(in: "@echobot deploy api") == .init(word: "deploy", arguments: " api", mention: "deploy api"))
        #expect(addressing.invocation(in: "!deploy api")?.mention == nil)
        // Words that cannot be a command still address the bots, for a bot that answers mentions.
        #expect(addressing.invocation(in: "@echobot 2+2?") == .init(word: "", arguments: "", mention: "2+2?"))
        #expect(addressing.invocation(in: "echobot: !deploy api")?.word == "deploy")
        #expect(addressing.invocation(in: "EchoBot, deploy")?.word == "deploy")
        #expect(addressing.invocation(in: "@echobot")?.word == "help")
        // Not addressed: no prefix, another name, a name that only starts like it, a prefix alone.
        #expect(addressing.invocation(in: "deploy api") == nil)
        #expect(addressing.invocation(in: "@echobots deploy") == nil)
        #expect(addressing.invocation(in: "@alice deploy") == nil)
        #expect(addressing.invocation(in: "! deploy") == nil)
        #expect(addressing.invocation(in: "!!!") == nil)
        let quiet = CommandAddressing(prefix: ".", mentionNames: [])
        #expect(quiet.invocation(in: "@echobot deploy") == nil)
        #expect(quiet.invocation(in: ".deploy")?.word == "deploy")
    }

    @Test func theNearestNameIsSuggestedOnlyWhenClose() {
        #expect(NearestName.to("deplyo", among: ["deploy", "echo", "help"]) == "deploy")
        #expect(NearestName.to("ecoh", among: ["deploy", "echo", "help"]) == nil)
        #expect(NearestName.to("hepl", among: ["deploy", "echo", "help"]) == nil)
        #expect(NearestName.to("hel", among: ["deploy", "echo", "help"]) == "help")
        #expect(NearestName.to("status", among: ["deploy", "echo", "help"]) == nil)
    }
}
