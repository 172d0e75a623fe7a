import BotKit

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
