import ArgumentParser
import BotKit
import Foundation

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

