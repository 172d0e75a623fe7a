import ArgumentParser
import Foundation

/// `bothost new-bot NAME [--path DIR]`: writes a Swift package with a bot of one command and one option, its test, a
/// bothost that runs it, a host.yaml and a room file; as written it builds, its test passes and `swift run` starts it.
struct NewBotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-bot", abstract: "Write a new bot package: a bot, its test, a bothost that runs it, and its configuration.")

    @Argument(help: "The bot's name: its type, its command and the package's folder (e.g. stand-up).")
    var name: String

    @Option(help: "The folder to write the package's folder in.")
    var path = "."

    @Option(help: "The Persistent Chat package: a checkout's folder or a Git URL (default: the checkout this bothost was built from).")
    var dependency: String?

    @Option(help: "With a Git URL: the lowest version to take.")
    var from = "1.0.0"

    func run() throws {
        do {
            let names = try BotPackageName(name)
            guard !HostExtensions.current.registry.typeNames.contains(name) else {
                throw BotPackageError(reason: "'\(name)' is the type of a bot this bothost has already: choose another name")
            }
            let dependency = try BotPackageDependency(self.dependency, from: from)
            let folder = try BotPackageWriter.write(names, dependency: dependency, in: URL(fileURLWithPath: path))
            print("""
                wrote \(folder.path)
                  cd \(folder.path)
                  swift test     # the bot's test, against a real pchatd
                  swift run      # bothost with the bot, from config/host.yaml
                """)
        } catch let error as BotPackageError {
            throw ValidationError(error.reason)
        }
    }
}

/// Writes a new bot package whole or not at all.
enum BotPackageWriter {
    /// Writes the package for `names` in `parent`/NAME and returns that folder; refuses a folder that exists. The
    /// files are written in a hidden folder beside it, renamed into place once complete.
    static func write(_ names: BotPackageName, dependency: BotPackageDependency, in parent: URL) throws(BotPackageError) -> URL {
        let parent = parent.standardizedFileURL
        let folder = parent.appendingPathComponent(names.name)
        let files = FileManager.default
        guard !files.fileExists(atPath: folder.path) else {
            throw BotPackageError(reason: "\(folder.path) exists already: choose another name or --path")
        }
        let partial = parent.appendingPathComponent(".\(names.name).partial-\(UUID().uuidString)")
        let template = BotPackageTemplate(names: names, dependency: dependency, folder: folder)
        do {
            try files.createDirectory(at: parent, withIntermediateDirectories: true)
            for (path, text) in template.files {
                let file = partial.appendingPathComponent(path)
                try files.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try text.write(to: file, atomically: true, encoding: .utf8)
            }
            try files.moveItem(at: partial, to: folder)
        } catch {
            try? files.removeItem(at: partial)
            throw BotPackageError(reason: "cannot write \(folder.path): \(error.localizedDescription)")
        }
        return folder
    }
}
