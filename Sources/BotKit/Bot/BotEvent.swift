import PersistentChat

/// What happens in and around a bot's room besides messages, handed to ``Bot/handle(_:context:)-(BotEvent,_)`` in order
/// with the room's messages and under the same supervision (timeout, circuit breaker).
///
/// Events are not recorded in the ledger: after a restart or reconnect, a bot hears of the joins and leaves that
/// happen from then on, not of those it missed.
public enum BotEvent: Sendable, Equatable {
    /// The instance has started (first event of every instance, also after a reload).
    case instanceStarted
    /// The instance is stopping (host stop or reload). Handled under a short timeout; replies may no longer reach
    /// the room.
    case instanceStopping
    /// A participant entered the room (never the bot's own endpoint).
    case participantJoined(ChatRoomParticipant)
    /// A participant left the room (never the bot's own endpoint).
    case participantLeft(ChatRoomParticipant)
    /// A participant became or stopped being a manager or presenter.
    case privilegeChanged(ChatRoomParticipant)
    /// Room settings changed: old and new values by property name (`name`, `description`, `privacy`, …).
    case roomPropertiesChanged(old: [String: String], new: [String: String])
    /// The host joined this room because `inviter` invited its endpoint (host.yaml `invitations`); told once, after
    /// ``instanceStarted``, to the bots of the room it joined.
    case invitationAccepted(inviter: SIPURI?)
    /// The host is in the room, the first time since the instance started.
    case endpointConnected
    /// The host lost the room (connection lost, or removed by the server); replies wait until it is back.
    case endpointDisconnected
    /// The host is back in the room after a loss, and has handed over the messages it missed (`caughtUp` of them).
    case endpointResumed(caughtUp: Int)
}

/// The kind of a message, for bots that answer alerts or stories differently.
public enum ChatMessageKind: Sendable, Equatable {
    case plain
    case alert
    case story(title: String)
}

extension ChatMessage {
    /// Plain, alert or story (a story may also be an alert; it counts as a story here).
    public var kind: ChatMessageKind {
        if let storyTitle { return .story(title: storyTitle) }
        return isAlert ? .alert : .plain
    }
}
