import PersistentChat

/// One bot instance's place in a room's message sequence: which messages it may still be handed, and the watermark
/// to record as its calls finish.
///
/// Messages reach an instance in increasing id order (history catch-up first, then live ones), possibly more than
/// once where the two overlap or after a reconnect; the cursor admits each id once.
struct DeliveryCursor: Sendable, Equatable {
    /// Every admitted message up to this id has finished.
    private(set) var watermark: Int64
    /// Finished ids above the watermark (calls finish out of order when several run at once).
    private(set) var handledAbove: Set<Int64>
    /// Admitted ids whose calls have not finished, ascending.
    private(set) var pending: [Int64] = []
    /// The highest id admitted so far.
    private(set) var highestAdmitted: Int64

    init(_ entry: HandledLedger.Entry) {
        watermark = entry.watermark
        handledAbove = entry.handledAbove
        highestAdmitted = entry.watermark
    }

    /// Whether message `id` is new to the instance; if so it becomes pending.
    mutating func admit(_ id: Int64) -> Bool {
        guard isNew(id) else { return false }
        highestAdmitted = id
        pending.append(id)
        return true
    }

    /// Whether message `id` would be admitted (it is after every admitted one, and not finished already).
    func isNew(_ id: Int64) -> Bool {
        id > highestAdmitted && !handledAbove.contains(id)
    }

    /// Marks `id` finished and returns the new watermark.
    mutating func finish(_ id: Int64) -> Int64 {
        if let index = pending.firstIndex(of: id) { pending.remove(at: index) }
        let candidate = pending.first.map { $0 - 1 } ?? highestAdmitted
        if candidate > watermark { watermark = candidate }
        if id > watermark { handledAbove.insert(id) }
        handledAbove = handledAbove.filter { $0 > watermark }
        return watermark
    }
}
