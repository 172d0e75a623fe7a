import PersistentChat

/// What `bothost validate` and `bothost --dry-run` print: the checked configuration, and what a start (or, when a
/// host already runs from these files, a reload) would do.
package enum ConfigurationReport {
    /// The configuration, room by room, with each bot's commands, and the room's permissions and rate limits.
    package static func describe(_ configuration: HostConfiguration) -> String {
        var lines: [String] = []
        switch configuration.server {
        case .url(let url): lines.append("server: \(url)")
        case .embedded(let file): lines.append("server: embedded, from \(file)")
        }
        for endpoint in configuration.endpoints {
            lines.append("endpoint: \(endpoint.uri) (password from \(endpoint.passwordSource))")
        }
        lines.append("ledger: \(configuration.ledgerPath ?? "off")")
        lines.append("storage: values up to \(configuration.storage.valueBytes) bytes, \(configuration.storage.scopeBytes) bytes per bot")
        lines.append("outbound: \(configuration.outboundPerRoom?.description ?? "unlimited") per room, \(configuration.outboundPerServer?.description ?? "unlimited") per endpoint")
        for room in configuration.rooms {
            lines.append("room \(room.room) (\(room.file)) as \(room.endpoint):")
            for bot in room.bots {
                let commands = bot.commands.commands.map { room.addressing.prefix + $0.declaration.description }
                let patterns = bot.commands.patterns.map { "/\($0.source)/" }
                let routes = bot.name == HelpInstance.name ? ["\(room.addressing.prefix)help [<command>]"] : commands + patterns
                lines.append("  \(bot.name) (\(bot.typeName))\(routes.isEmpty ? "" : ": " + routes.joined(separator: ", "))")
            }
            if let permissions = room.permissions {
                let lists = permissions.commands.keys.sorted().map { "\($0): \(permissions.commands[$0, default: []].map(\.description).joined(separator: " "))" }
                lines.append("  permissions: default \(permissions.denyByDefault ? "deny" : "allow")\(lists.isEmpty ? "" : "; " + lists.joined(separator: "; "))")
            }
            let limits = [("user", room.rateLimits.user), ("room", room.rateLimits.room), ("bot", room.rateLimits.bot)]
                .compactMap { key, rate in rate.map { "\(key) \($0)" } }
            if !limits.isEmpty { lines.append("  rate limits: \(limits.joined(separator: ", "))") }
        }
        return lines.joined(separator: "\n")
    }

    /// What `--dry-run` prints: the configuration, then the reload plan against the host running from the same
    /// host.yaml, or the start plan when none runs.
    package static func dryRun(_ configuration: HostConfiguration) -> String {
        var text = describe(configuration)
        if let running = RunningRecordFile.read(for: configuration) {
            let plan = ReloadPlan(from: running, to: ConfigurationRecord(configuration))
            text += "\nbothost runs from this host.yaml (pid \(running.pid ?? 0)); a reload would:\n" + plan.description
        } else {
            text += "\nno bothost runs from this host.yaml; a start would connect the endpoints and join \(configuration.rooms.count) room(s)."
        }
        return text
    }
}
