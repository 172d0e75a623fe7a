import ArgumentParser
import BotKit
import CurlHTTP
import Foundation
import Logging
import PersistentChat
import PersistentChatServer
import UnixSignals
import YAMLConfig

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
        } else if let interval = ConfigDuration.parse(watch), interval >= .milliseconds(100) {
            watchInterval = interval
        } else {
            options.fail("--watch: expected a duration of 100ms or more, or off, got '\(watch)'", logger: logger)
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
                               platform: CollaborationPlatform(applicationName: "bothost", logger: logger), http: http,
                               middleware: HostExtensions.current.middleware)
            try await host.start()
            switch options.format {
            case .text:
                FileHandle.standardOutput.write(Data((Banner.text(configuration: configuration, url: url, embedded: embedded != nil) + "\n").utf8))
            case .json:
                // A log shipper reads every line as JSON: the banner is a record too.
                logger.notice("bothost is running", metadata: [
                    "url": "\(url)", "embedded": "\(embedded != nil)",
                    "rooms": .array(configuration.rooms.map { .string("\($0.room): \($0.botTypes.joined(separator: ", "))") }),
                ])
            }
            let reloader = ConfigurationReloader(host: host, configuration: configuration, registry: HostExtensions.current.registry, logger: logger)
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
            options.fail("\(error)", logger: logger)
            await embedded?.stop()
            await http.shutdown()
            throw ExitCode.failure
        }
        await embedded?.stop()
        await http.shutdown()
    }
}

