import PersistentChat

/// What a reload would change: which rooms start, stop or restart, and which host settings differ (those need a
/// restart of bothost, so a reload that changes them is refused).
package struct ReloadPlan: Sendable, Equatable, CustomStringConvertible {
    /// What happens to one room file.
    package enum Change: String, Sendable, Equatable {
        /// A new room file: its room is joined and its bots start.
        case start
        /// A room file that is gone (or now names another room or endpoint): its bots stop and the room is left.
        case stop
        /// A changed room file: its bots stop and start again from the ledger, so no message is missed or repeated.
        case restart
    }

    package struct RoomStep: Sendable, Equatable {
        package var file: String
        package var room: String
        package var change: Change
        /// The room's bot instances after the change (before it, for `stop`).
        package var bots: [String]
    }

    package var rooms: [RoomStep]
    /// Host settings that differ, by key (`server`, `endpoints`, …).
    package var hostChanges: [String]

    /// Compares the running configuration with a new one. Rooms are matched by their file's path.
    package init(from old: HostConfiguration, to new: HostConfiguration) {
        self.init(from: ConfigurationRecord(old), to: ConfigurationRecord(new))
    }

    /// Compares two records of configurations (one may be a running host's, read from its state folder).
    package init(from old: ConfigurationRecord, to new: ConfigurationRecord) {
        hostChanges = old.host.keys.sorted().filter { old.host[$0] != new.host[$0] }
        var steps: [RoomStep] = []
        let before = Dictionary(old.rooms.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.rooms.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        for room in old.rooms {
            guard let next = after[room.file] else {
                steps.append(RoomStep(file: room.file, room: room.room, change: .stop, bots: room.bots))
                continue
            }
            if next.room != room.room || next.endpoint != room.endpoint {
                steps.append(RoomStep(file: room.file, room: room.room, change: .stop, bots: room.bots))
                steps.append(RoomStep(file: next.file, room: next.room, change: .start, bots: next.bots))
            } else if next.fingerprint != room.fingerprint {
                steps.append(RoomStep(file: next.file, room: next.room, change: .restart, bots: next.bots))
            }
        }
        for room in new.rooms where before[room.file] == nil {
            steps.append(RoomStep(file: room.file, room: room.room, change: .start, bots: room.bots))
        }
        rooms = steps
    }

    /// Whether the reload changes nothing.
    package var isEmpty: Bool { rooms.isEmpty && hostChanges.isEmpty }

    package var description: String {
        if isEmpty { return "nothing to change" }
        var lines: [String] = []
        for step in rooms {
            lines.append("\(step.change.rawValue) room \(step.room) (\(step.file)): \(step.bots.joined(separator: ", "))")
        }
        for key in hostChanges { lines.append("host setting '\(key)' changed: needs a restart of bothost") }
        return lines.joined(separator: "\n")
    }
}

extension HostConfiguration.Room {
    /// The names of the room's bot instances, in order (the room's help included).
    package var instanceNames: [String] { bots.map(\.name) }
}

/// What a reload compares: the host settings that need a restart, and each room file's target and text. A running
/// host keeps its record in its state folder, so `bothost --dry-run` can say what a reload would do.
package struct ConfigurationRecord: Codable, Sendable, Equatable {
    package struct Room: Codable, Sendable, Equatable {
        var file: String
        var room: String
        var endpoint: String
        var fingerprint: String
        var bots: [String]
    }

    /// Host settings by key, as text (passwords are not recorded, only where they come from).
    var host: [String: String]
    var rooms: [Room]
    /// The process that runs this configuration.
    var pid: Int32?

    package init(_ configuration: HostConfiguration) {
        host = [
            "server": "\(configuration.server)",
            "tls": configuration.serverTrust.caFile ?? "system",
            "endpoints": configuration.endpoints.map { "\($0.uri) \($0.passwordSource)" }.joined(separator: ", "),
            "ledger": configuration.ledgerPath ?? "off",
            "reconnect": "\(configuration.reconnect.initial) \(configuration.reconnect.maximum)",
            "outbound": "\(configuration.outboundPerRoom?.description ?? "off") \(configuration.outboundPerServer?.description ?? "off")",
            "invitations": configuration.invitations.summary,
            "queues": "\(configuration.queues)",
            "storage": "\(configuration.storage.valueBytes) \(configuration.storage.scopeBytes)",
            "webhooks": configuration.webhooks.map { "\($0.host):\($0.port) \($0.tokenSource) \($0.tls.map { "\($0)" } ?? "")" } ?? "off",
        ]
        rooms = configuration.rooms.map {
            Room(file: $0.file, room: $0.room, endpoint: $0.endpoint, fingerprint: $0.fingerprint, bots: $0.instanceNames)
        }
    }
}
