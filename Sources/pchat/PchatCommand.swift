import ArgumentParser
import Foundation
import PersistentChat

@main
struct PchatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pchat",
        abstract: "A command-line client for Persistent Chat.",
        discussion: "Global options (--server, --user, --password-file, --json) may come before or after the subcommand.",
        subcommands: [
            WhoAmI.self, Rooms.self, Post.self, Story.self, History.self, Tail.self, Search.self,
            CreateRoom.self, UpdateRoom.self, Grant.self, Revoke.self, Members.self, Invitations.self, Users.self,
            Upload.self, Download.self,
        ])

    /// Moves global options written before the subcommand to after it, so both orders parse.
    static func main() async {
        let arguments = GlobalOptions.reorder(Array(CommandLine.arguments.dropFirst()),
                                              subcommands: configuration.subcommands.map { $0._commandName })
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
