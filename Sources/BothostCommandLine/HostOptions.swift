import ArgumentParser
import BotKit
import Foundation
import Logging

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
            return try HostConfigurationLoader.load(path: config, registry: HostExtensions.current.registry, logger: logger)
        } catch {
            FileHandle.standardError.write(Data("bothost: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
