import ArgumentParser
import BotKit
import Bots
import CurlHTTP
import Foundation
import Logging
import PersistentChatServer
import UnixSignals
import YAMLConfig

@main
struct BothostCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bothost",
        abstract: "Run chat bots in Persistent Chat rooms, configured per room in YAML.",
        subcommands: [RunHost.self, ValidateConfiguration.self],
        defaultSubcommand: RunHost.self)
}

/// Options every subcommand takes.
struct HostOptions: ParsableArguments {
    @Option(help: "The host configuration file.")
    var config = "config/host.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func bootstrapLogging() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "bothost")
    }

    /// Loads and checks the configuration, or says what is wrong and fails.
    func load(logger: Logger) throws -> HostConfiguration {
        do {
            return try HostConfigurationLoader.load(path: config, registry: ShippedBots.registry, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("bothost: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// Checks a configuration without connecting to anything.
struct ValidateConfiguration: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate", abstract: "Check host.yaml and the room files without connecting; exit 1 naming file, key and reason.")

    @OptionGroup var options: HostOptions

    func run() async throws {
        let logger = options.bootstrapLogging()
        let configuration = try options.load(logger: logger)
        FileHandle.standardOutput.write(Data("configuration is valid\n\(ConfigurationReport.describe(configuration))\n".utf8))
    }
}

/// Runs the host until SIGINT or SIGTERM; reloads on SIGHUP and when a file changes.
struct RunHost: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the bots (the default).")

    @OptionGroup var options: HostOptions

    @Flag(help: "Print what a start, or a reload of the host running from the same host.yaml, would do; then exit.")
    var dryRun = false

    @Option(help: "How often to look for changed configuration files (e.g. 2s), or 'off'.")
    var watch = "2s"

    func run() async throws {
        let logger = options.bootstrapLogging()
        let watchInterval: Duration?
        if watch == "off" {
            watchInterval = nil
        } else if let interval = DurationText.parse(watch), interval >= .milliseconds(100) {
            watchInterval = interval
        } else {
            FileHandle.standardError.write(Data("bothost: --watch: expected a duration of 100ms or more, or off, got '\(watch)'\n".utf8))
            throw ExitCode.failure
        }
        let configuration = try options.load(logger: logger)
        if dryRun {
            FileHandle.standardOutput.write(Data((ConfigurationReport.dryRun(configuration) + "\n").utf8))
            return
        }
        var embedded: RunningServer?
        let http = CurlHTTPClient(logger: logger)
        do {
            let url: String
            switch configuration.server {
            case .url(let address):
                url = address
            case .embedded(let file):
                let server = try PersistentChatServer(configurationFile: file, logger: Logger(label: "pchatd"))
                let running = try await server.start()
                embedded = running
                url = running.url
            }
            let host = BotHost(configuration: configuration, serverURL: url,
                               platform: CollaborationPlatform(applicationName: "bothost", logger: logger), http: http)
            try await host.start()
            FileHandle.standardOutput.write(Data((Banner.text(configuration: configuration, url: url, embedded: embedded != nil) + "\n").utf8))
            let reloader = ConfigurationReloader(host: host, configuration: configuration, registry: ShippedBots.registry, logger: logger)
            let watcher = watchInterval.map { interval in Task { await reloader.watch(every: interval) } }
            for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm, .sighup) {
                if signal == .sighup {
                    await reloader.reload(reason: "SIGHUP")
                    continue
                }
                logger.notice("stopping", metadata: ["signal": "\(signal)"])
                break
            }
            watcher?.cancel()
            await watcher?.value
            await host.stop()
        } catch {
            FileHandle.standardError.write(Data("bothost: \(error)\n".utf8))
            await embedded?.stop()
            await http.shutdown()
            throw ExitCode.failure
        }
        await embedded?.stop()
        await http.shutdown()
    }
}

/// What bothost prints once it runs: where the server is, which bots serve which room, how to talk to them.
enum Banner {
    static func text(configuration: HostConfiguration, url: String, embedded: Bool) -> String {
        var lines = ["bothost is running\(embedded ? " with an embedded pchatd" : "") at \(url)"]
        for room in configuration.rooms {
            lines.append("  room \(room.room) (as \(room.endpoint)): \(room.botTypes.joined(separator: ", "))")
        }
        let room = configuration.rooms.first?.room ?? "ROOM"
        lines.append("Talk to the bots from another terminal, for example:")
        lines.append("  swift run pchat --server \(url) --user sip:YOU@DOMAIN --password-file FILE tail \(room)")
        lines.append("  swift run pchat --server \(url) --user sip:YOU@DOMAIN --password-file FILE post \(room) '!echo hello'")
        lines.append("(the README lists the demo users and their password files; '!help' lists a room's commands).")
        lines.append("Reload with SIGHUP or by editing the files; stop with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
