import ArgumentParser
import Foundation
import Logging
import PersistentChatDirectory
import PersistentChatServer
import ProcessLogging
import YAMLConfig

@main
struct PchatdCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pchatd",
        abstract: "The Persistent Chat server.",
        subcommands: [Serve.self, Check.self, HashPassword.self, CheckDirectory.self, Backup.self, Restore.self, Export.self],
        defaultSubcommand: Serve.self)
}

/// `pchatd [serve] --config PATH`
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Serve Persistent Chat over WebSocket until SIGINT or SIGTERM.")

    @Option(help: "The server configuration file.")
    var config = "config/server.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "Log format: text or json (one JSON object a line); default: server.yaml's log_format, else text.")
    var logFormat: LogFormat?

    func run() async throws {
        let format = ProcessLogging.format(option: logFormat, configurationFile: config)
        let logger = ProcessLogging.bootstrap(label: "pchatd", level: logLevel, format: format)
        do {
            let server = try PersistentChatServer(configurationFile: config, logger: logger)
            let host = server.configuration.host
            let scheme = server.configuration.tls == nil ? "ws" : "wss"
            try await server.runUntilSignalled { port in
                logger.notice("pchatd listening", metadata: ["url": "\(scheme)://\(HostAndPort(host: host, port: port))"])
            }
            logger.notice("pchatd stopped: connections closed and the database checkpointed")
        } catch {
            ProcessLogging.fatal("\(error)", program: "pchatd", format: format, logger: logger)
            throw ExitCode.failure
        }
    }
}

/// `pchatd check --config PATH` checks server.yaml whole, and the directory it names, without serving.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check server.yaml whole and load the directory it names, without opening the database or listening; exit 1 on any fault.")

    @Option(help: "The server configuration file.")
    var config = "config/server.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func run() async throws {
        let logger = ProcessLogging.bootstrap(label: "pchatd", level: logLevel, format: .text)
        let report = await ConfigurationCheck.run(path: config, logger: logger)
        for line in report.lines { print(line) }
        for problem in report.problems { FileHandle.standardError.write(Data("pchatd: \(problem)\n".utf8)) }
        if !report.isValid { throw ExitCode.failure }
        print("\(config) is valid")
    }
}

/// `pchatd hash-password [--scheme S]` reads a password on stdin and prints a `userPassword` value.
struct HashPassword: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Read a password on standard input and print a salted userPassword value.")

    @Option(help: "PBKDF2-SHA256 (default) or SSHA256.")
    var scheme: String = PasswordScheme.pbkdf2SHA256.rawValue

    func run() throws {
        guard let chosen = PasswordScheme.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(scheme) == .orderedSame }) else {
            throw ValidationError("unknown scheme '\(scheme)'; use one of: \(PasswordScheme.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let line = readLine(strippingNewline: true), !line.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        print(PasswordHash.make(password: line, scheme: chosen))
    }
}

/// `pchatd check-directory --config PATH --user sip:…` connects to the directory and says which rule admits or
/// refuses the user, without their password.
struct CheckDirectory: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Connect to the directory server.yaml names, find a user and say which rule admits or refuses them (no password needed).")

    @Option(help: "The server configuration file.")
    var config = "config/server.yaml"

    @Option(help: "The user's SIP address, e.g. sip:alice@contoso.com.")
    var user: String

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    func run() async throws {
        let logger = ProcessLogging.bootstrap(label: "pchatd", level: logLevel, format: .text)
        let configuration: ServerConfiguration
        do {
            configuration = try ServerConfigurationLoader.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("pchatd: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let report = await DirectoryCheck.run(configuration, user: user, logger: logger)
        for line in report.lines { print(line) }
        if !report.admitted { throw ExitCode.failure }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
