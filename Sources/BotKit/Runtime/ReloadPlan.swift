/// What a reload would change: which rooms start, stop or restart, and which host settings differ (those need a
/// restart of bothost, so a reload that changes them is refused).
public struct ReloadPlan: Sendable, Equatable, CustomStringConvertible {
    /// What happens to one room file.
    public enum Change: String, Sendable, Equatable {
        /// A new room file: its room is joined and its bots start.
        case start
        /// A room file that is gone (or now names another room or endpoint): its bots stop and the room is left.
        case stop
        /// A changed room file: its bots stop and start again from the ledger, so no message is missed or repeated.
        case restart
    }

    public struct RoomStep: Sendable, Equatable {
        public var file: String
        public var room: String
        public var change: Change
        /// The room's bot instances after the change (before it, for `stop`).
        public var bots: [String]
    }

    public var rooms: [RoomStep]
    /// Host settings that differ, by key (`server`, `endpoints`, …).
    public var hostChanges: [String]

    /// Compares the running configuration with a new one. Rooms are matched by their file's path.
    public init(from old: HostConfiguration, to new: HostConfiguration) {
        var hostChanges: [String] = []
        if old.server != new.server { hostChanges.append("server") }
        if old.endpoints != new.endpoints { hostChanges.append("endpoints") }
        if old.ledgerPath != new.ledgerPath { hostChanges.append("ledger") }
        if old.reconnect != new.reconnect { hostChanges.append("reconnect") }
        if old.outboundPerRoom != new.outboundPerRoom || old.outboundPerServer != new.outboundPerServer {
            hostChanges.append("outbound")
        }
        self.hostChanges = hostChanges
        var steps: [RoomStep] = []
        let before = Dictionary(old.rooms.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.rooms.map { ($0.file, $0) }, uniquingKeysWith: { first, _ in first })
        for room in old.rooms {
            guard let next = after[room.file] else {
                steps.append(RoomStep(file: room.file, room: room.room, change: .stop, bots: room.instanceNames))
                continue
            }
            if next.room != room.room || next.endpoint != room.endpoint {
                steps.append(RoomStep(file: room.file, room: room.room, change: .stop, bots: room.instanceNames))
                steps.append(RoomStep(file: next.file, room: next.room, change: .start, bots: next.instanceNames))
            } else if next.fingerprint != room.fingerprint {
                steps.append(RoomStep(file: next.file, room: next.room, change: .restart, bots: next.instanceNames))
            }
        }
        for room in new.rooms where before[room.file] == nil {
            steps.append(RoomStep(file: room.file, room: room.room, change: .start, bots: room.instanceNames))
        }
        rooms = steps
    }

    /// Whether the reload changes nothing.
    public var isEmpty: Bool { rooms.isEmpty && hostChanges.isEmpty }

    public var description: String {
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
    public var instanceNames: [String] { bots.map(\.name) }
}
