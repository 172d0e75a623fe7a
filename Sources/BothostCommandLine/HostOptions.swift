import ArgumentParser
import BotKit
import Foundation
import Logging
import ProcessLogging
import YAMLConfig

/// Options every subcommand takes.
struct HostOptions: ParsableArguments {
    @Option(help: "The host configuration file.")
    var config = "config/host.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Option(help: "Log format: text or json (one JSON object a line); default: host.yaml's log_format, else text.")
    var logFormat: LogFormat?

    /// The format the log is written in.
    var format: LogFormat { ProcessLogging.format(option: logFormat, configurationFile: config) }

    func bootstrapLogging() -> Logger {
        ProcessLogging.bootstrap(label: "bothost", level: logLevel, format: format)
    }

    /// Reports an error that stops bothost, in the log's format.
    func fail(_ text: String, logger: Logger) {
        ProcessLogging.fatal(text, program: "bothost", format: format, logger: logger)
    }

    /// Loads and checks the configuration, or says what is wrong and fails.
    func load(logger: Logger) throws -> HostConfiguration {
        do {
            return try HostConfigurationLoader.load(path: config, registry: HostExtensions.current.registry, logger: logger)
        } catch {
            fail("\(error)", logger: logger)
            throw ExitCode.failure
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}
