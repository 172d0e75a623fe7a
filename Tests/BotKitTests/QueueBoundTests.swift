@testable import BotKit
import Testing

/// An instance's message bound: past it the instance is behind (live messages passed over), it asks for a catch-up
/// at half its bound, and it is no longer behind once it has every message it passed over. Room events and webhook
/// calls have bounds of their own.
@Suite struct QueueBoundTests {
    static func state(messages: Int = 2, events: Int = 1, webhooks: Int = 1) -> SupervisorState {
        var bounds = QueueBounds()
        bounds.messages = messages
        bounds.events = events
        bounds.webhooks = webhooks
        return SupervisorState(breaker: CircuitBreaker(threshold: 2, coolDown: .seconds(60)),
                               counts: BotStatistics(name: "slow#0", room: "team"),
                               cursor: DeliveryCursor(HandledLedger.Entry(watermark: 0, handledAbove: [])), bounds: bounds)
    }

    static func isQueued(_ offer: SupervisorState.Offer) -> Bool {
        if case .queued = offer { true } else { false }
    }

    @Test func pastItsBoundAnInstanceFallsBehindAndHistoryCatchesItUp() {
        var state = Self.state(messages: 2)
        #expect(Self.isQueued(state.offer(1, live: true)))
        #expect(Self.isQueued(state.offer(2, live: true)))
        guard case .passedOver(fellBehind: true) = state.offer(3, live: true) else { Issue.record("3 is queued past the bound"); return }
        #expect(state.backlog.behind)
        // Behind, a live message is passed over even with room; history is not.
        _ = state.cursor.finish(1)
        let askedAtHalf = state.backlog.release()
        #expect(askedAtHalf)
        guard case .passedOver(fellBehind: false) = state.offer(4, live: true) else { Issue.record("4 is queued while behind"); return }
        #expect(state.counts.passedOver == 2)
        let highest = state.cursor.highestAdmitted
        let endedEarly = state.backlog.endBehind(highestAdmitted: highest)
        #expect(!endedEarly)
        state.backlog.catchUpStarted()
        #expect(Self.isQueued(state.offer(3, live: false)))
        guard case .passedOver = state.offer(4, live: false) else { Issue.record("4 is queued past the bound"); return }
        _ = state.cursor.finish(2)
        let askedAgain = state.backlog.release()
        #expect(askedAgain)
        #expect(Self.isQueued(state.offer(4, live: false)))
        let caughtUp = state.cursor.highestAdmitted
        let ended = state.backlog.endBehind(highestAdmitted: caughtUp)
        #expect(ended)
        #expect(state.backlog.mostHeld == 2)
        // A message handed over before is known, whatever the bound.
        if case .known = state.offer(3, live: true) {} else { Issue.record("3 was admitted twice") }
    }

    @Test func roomEventsAndWebhookCallsPastTheirBoundsAreRefusedAndCounted() {
        var state = Self.state(events: 1, webhooks: 1)
        let change = BotEvent.roomPropertiesChanged(old: [:], new: ["name": "x"])
        let admitted = [state.admitEvent(change), state.admitEvent(change), state.admitEvent(.endpointDisconnected)]
        #expect(admitted == [true, false, true])
        #expect(state.counts.eventsDropped == 1)
        state.eventTaken(change)
        let admittedAgain = state.admitEvent(change)
        #expect(admittedAgain)

        let first = state.addWebhookJob { _ in }
        let second = state.addWebhookJob { _ in }
        #expect(first != nil)
        #expect(second == nil)
        #expect(state.counts.webhooksRefused == 1)
        if let first { _ = state.takeJob(first) }
        let third = state.addWebhookJob { _ in }
        #expect(third != nil)
        // Timer ticks are bounded otherwise (one waiting per timer), not by the webhook bound.
        _ = state.addJob { _ in }
    }

    @Test func errorsForARoomNameNoAddress() {
        struct Failure: Error, CustomStringConvertible {
            var description: String { "GET https://api.internal:8443/v1?k=1 failed; 10.0.0.7:5432, [::1]:80, fe80::1 and localhost:9000 down" }
        }
        let text = RoomErrorText.describe(Failure())
        for secret in ["api.internal", "8443", "10.0.0.7", "5432", "::1", "fe80", "localhost:9000"] {
            #expect(!text.contains(secret), "\(secret) in \(text)")
        }
        #expect(RoomErrorText.redacting("refused on purpose; retry at 12:30") == "refused on purpose; retry at 12:30")
    }
}
