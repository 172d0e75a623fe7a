/// The roster of a large room, where the server no longer sends joins and leaves.
public struct HiddenParticipantsRequest: ChatCommand {
    public typealias Reply = ParticipantsReply
    public static let name = "hiddenParticipants"
    public var room: ChatRoomURI
    public init(room: ChatRoomURI) { self.room = room }
}

/// A roster.
public struct ParticipantsReply: Codable, Sendable, Equatable {
    public var participants: [ParticipantPayload]
    public init(participants: [ParticipantPayload]) { self.participants = participants }
}

/// An opaque per-user settings blob with a revision number (Lync `PersistentChatPreferenceBundle`).
public struct PreferenceBundlePayload: Codable, Sendable, Equatable {
    public var label: String
    public var sequenceId: Int
    public var data: String
    public init(label: String, sequenceId: Int, data: String) {
        self.label = label
        self.sequenceId = sequenceId
        self.data = data
    }
}

/// Get a preference bundle; nothing comes back when the caller's `sequenceId` is current or none exists
/// (unless `provideDefault`, which vends an empty one).
public struct GetPreferenceRequest: ChatCommand {
    public typealias Reply = PreferenceReply
    public static let name = "getPreference"
    public var label: String
    public var sequenceId: Int
    public var provideDefault: Bool
    public init(label: String, sequenceId: Int, provideDefault: Bool = false) {
        self.label = label
        self.sequenceId = sequenceId
        self.provideDefault = provideDefault
    }
}

/// A bundle, or none.
public struct PreferenceReply: Codable, Sendable, Equatable {
    public var bundle: PreferenceBundlePayload?
    public init(bundle: PreferenceBundlePayload?) { self.bundle = bundle }

    enum CodingKeys: String, CodingKey { case bundle }

    /// Writes `"bundle": null` when there is none, as documented.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(bundle, forKey: .bundle)
    }
}

/// Store a preference bundle; the caller's `sequenceId` must be the stored one (or 0 for a new label).
public struct SetPreferenceRequest: ChatCommand {
    public typealias Reply = SetPreferenceReply
    public static let name = "setPreference"
    public var bundle: PreferenceBundlePayload
    public init(bundle: PreferenceBundlePayload) { self.bundle = bundle }
}

/// The new sequence id.
public struct SetPreferenceReply: Codable, Sendable, Equatable {
    public var sequenceId: Int
    public init(sequenceId: Int) { self.sequenceId = sequenceId }
}
