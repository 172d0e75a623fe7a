import ArgumentParser
import Foundation
import Logging
import PersistentChatServer
import ProcessLogging

/// `pchatd backup DEST --config PATH`: a consistent copy of the data folder while the server runs.
struct Backup: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the database and the uploaded files into a new folder, while the server runs and takes posts.")

    @Argument(help: "The folder to create for the backup (it must not exist).")
    var destination: String

    @OptionGroup var folder: DataFolderOptions

    func run() throws {
        let (configuration, logger) = try folder.prepare()
        let progress = TerminalProgress()
        let summary = try DataCommand.reporting(progress) {
            try DataFolderBackup(dataDirectory: configuration.dataDirectory, destination: destination, logger: logger)
                .run(progress: progress.update)
        }
        let manifest = summary.manifest
        print("backed up \(manifest.messages) messages and \(manifest.files) files (\(TerminalProgress.bytes(manifest.fileBytes))) to \(summary.destination)")
        if !summary.missingFiles.isEmpty { print("\(summary.missingFiles.count) files named in the database were missing and are not in the backup") }
    }
}

/// `pchatd restore SRC --config PATH [--replace]`: puts a backup in place as the data folder, while no server runs.
struct Restore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replace the data folder with a backup; refused while a pchatd runs on it.")

    @Argument(help: "The backup folder (made by pchatd backup).")
    var source: String

    @Flag(help: "Replace a data folder that holds a database (its contents are deleted).")
    var replace = false

    @OptionGroup var folder: DataFolderOptions

    func run() throws {
        let (configuration, logger) = try folder.prepare()
        let progress = TerminalProgress()
        let summary = try DataCommand.reporting(progress) {
            try DataFolderRestore(source: source, dataDirectory: configuration.dataDirectory, replace: replace, logger: logger)
                .run(progress: progress.update)
        }
        let manifest = summary.manifest
        print("restored \(manifest.messages) messages and \(manifest.files) files from the backup of \(manifest.created) into \(summary.dataDirectory)")
    }
}

/// `pchatd export --output FILE [--room NAME…] [--since DATE] [--files DIR] --config PATH`: messages as JSON Lines.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every message (author, time, kind, story title, parts, file links) as one JSON object a line.")

    @Option(help: "The JSON Lines file to write (replaced once the export is complete).")
    var output: String

    @Option(name: .customLong("room"), help: "Export only this room (repeat for more); default: every room.")
    var rooms: [String] = []

    @Option(help: "Only messages received at or after this time: YYYY-MM-DD (UTC) or ISO 8601, e.g. 2026-01-05T09:30:00Z.")
    var since: String?

    @Option(help: "Copy the uploaded files the messages link to into this folder, each named by its key.")
    var files: String?

    @OptionGroup var folder: DataFolderOptions

    func run() throws {
        let (configuration, logger) = try folder.prepare()
        let progress = TerminalProgress()
        let summary = try DataCommand.reporting(progress) {
            var export = MessageExport(dataDirectory: configuration.dataDirectory, domain: configuration.domain,
                                       output: output, logger: logger)
            export.rooms = rooms
            export.since = try since.map { try ExportDate.parse($0) }
            export.filesDirectory = files
            return try export.run(progress: progress.update)
        }
        var line = "exported \(summary.messages) messages to \(summary.output)"
        if let files { line += "; \(summary.filesCopied) files copied to \(files) (\(summary.filesPresent) already there)" }
        print(line)
        if !summary.missingFiles.isEmpty { print("\(summary.missingFiles.count) linked files were missing from the data folder") }
    }
}

/// The options the data commands share: the server.yaml whose data folder they use, and the log level.
struct DataFolderOptions: ParsableArguments {
    @Option(help: "The server configuration file; its data folder is the one backed up, restored or read.")
    var config = "config/server.yaml"

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    /// Loads server.yaml and sets up logging; everything the command creates is private to its user.
    func prepare() throws -> (ServerConfiguration, Logger) {
        let logger = ProcessLogging.bootstrap(label: "pchatd", level: logLevel, format: .text)
        // Backups, restored folders and exports hold every message: no group or other access, as the data folder.
        umask(0o077)
        do {
            return (try ServerConfigurationLoader.load(path: config), logger)
        } catch {
            FileHandle.standardError.write(Data("pchatd: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}

/// How the data commands end: a failure ends the progress line and is written as `pchatd: REASON`, with exit 1.
enum DataCommand {
    /// Runs `body`; its failure ends the progress line, is written as `pchatd: REASON`, and exits 1.
    static func reporting<T>(_ progress: TerminalProgress, _ body: () throws -> T) throws -> T {
        do {
            let result = try body()
            progress.finish()
            return result
        } catch {
            progress.finish()
            FileHandle.standardError.write(Data("pchatd: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
