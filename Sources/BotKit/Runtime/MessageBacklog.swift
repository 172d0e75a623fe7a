/// How many of the room's messages one bot instance holds against its bound (host.yaml `queues.messages`), and
/// whether it has fallen behind.
///
/// A message is held from the moment it is queued until its call has finished and its record has left for the
/// ledger. Past the bound the instance is *behind*: live messages are passed over (the newest one remembered), and
/// once it is down to half its bound the room runner catches it up from the room's history, as after a restart. It is
/// no longer behind once it has been handed every message it passed over.
struct MessageBacklog: Sendable {
    let limit: Int
    private(set) var held = 0
    private(set) var mostHeld = 0
    private(set) var behind = false
    /// The newest message passed over since the instance fell behind.
    private(set) var newestPassedOver: Int64 = 0
    /// Whether a catch-up has been asked for and has not started yet (so it is asked once).
    private(set) var catchUpAsked = false

    init(limit: Int) {
        self.limit = max(1, limit)
    }

    /// How many more messages it may hold now.
    var room: Int { max(0, limit - held) }

    var isFull: Bool { held >= limit }

    /// A message is queued.
    mutating func hold() {
        held += 1
        mostHeld = max(mostHeld, held)
    }

    /// Message `id` is not queued: the instance is (or now falls) behind.
    mutating func passOver(_ id: Int64) {
        behind = true
        newestPassedOver = max(newestPassedOver, id)
    }

    /// A held message has been recorded; true when a catch-up should be asked for now.
    mutating func release() -> Bool {
        held = max(0, held - 1)
        return askCatchUpIfDue()
    }

    /// True (and the catch-up counts as asked) when the instance is behind, down to half its bound, and no catch-up
    /// has been asked for yet.
    mutating func askCatchUpIfDue() -> Bool {
        guard behind, !catchUpAsked, held <= limit / 2 else { return false }
        catchUpAsked = true
        return true
    }

    /// A catch-up starts: later releases may ask for another.
    mutating func catchUpStarted() {
        catchUpAsked = false
    }

    /// Ends being behind once every message passed over has been admitted (`highestAdmitted` is at or past it);
    /// true when the instance is not behind (any more).
    mutating func endBehind(highestAdmitted: Int64) -> Bool {
        guard behind else { return true }
        guard newestPassedOver <= highestAdmitted else { return false }
        behind = false
        return true
    }

    /// The messages passed over cannot be found in the history: stop waiting for them.
    mutating func giveUp() {
        behind = false
    }
}
