import PersistentChat

extension ChatRoomSessionEvent {
    /// Whether this is the session ending.
    var e2eIsTermination: Bool {
        if case .stateChanged(.terminated, reason: _) = self { return true }
        return false
    }

    /// Why the session ended, when this is the session ending with a reason.
    var e2eTerminationReason: PersistentChatError? {
        if case .stateChanged(.terminated, reason: let reason) = self { return reason }
        return nil
    }

    /// The participant, when this is a privilege change.
    var e2ePrivilegeChange: ChatRoomParticipant? {
        if case .participantPrivilegeChanged(let participant) = self { return participant }
        return nil
    }

    /// The participant and whether they joined, when this is an attendance change.
    var e2eAttendance: (participant: ChatRoomParticipant, isActive: Bool)? {
        if case .participantAttendanceChanged(let participant, isActive: let active) = self { return (participant, active) }
        return nil
    }

    /// Old and new values, when this is a properties change.
    var e2eProperties: (old: [String: String], new: [String: String])? {
        if case .propertiesChanged(old: let old, new: let new) = self { return (old, new) }
        return nil
    }
}
