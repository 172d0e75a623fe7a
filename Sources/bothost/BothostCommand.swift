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
        abstract: "Run chat bots in Persistent Chat rooms, configured per room in YAML.")

    @Option(help: "The host configuration file.")
    var config = "config/host.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        LoggingSystem.bootstrap { name in
            var handler = StreamLogHandler.standardError(label: name)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "bothost")
        var embedded: RunningServer?
        let http = CurlHTTPClient(logger: logger)
        do {
            let configuration = try HostConfigurationLoader.load(path: config, registry: ShippedBots.registry, logger: logger)
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
            for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                logger.notice("stopping", metadata: ["signal": "\(signal)"])
                break
            }
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
        lines.append("(the README lists the demo users and their password files). Stop with Ctrl-C.")
        return lines.joined(separator: "\n")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
