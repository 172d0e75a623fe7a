import Foundation
import PersistentChatProtocol
import Testing
@testable import PersistentChatServer

/// A resent post (same room, author and client id) gets the stored message's id and time, within a batch and across
/// batches; other authors and posts without a client id are never taken for resends.
@Suite struct CommitDeduplicationTests {
    @Test func resendsGetTheStoredMessage() async throws {
        try await SearchFixture.with { fixture in
            let alice = try #require(SIPURI("sip:alice@contoso.com"))
            let bob = try #require(SIPURI("sip:bob@contoso.com"))
            func post(_ text: String, by author: SIPURI, id clientId: String?) -> PendingPost {
                PendingPost(roomId: fixture.roomId, author: author, text: text, alert: false, clientMessageId: clientId, keep: true)
            }
            let first = try fixture.store.commit([post("one", by: alice, id: "x"), post("one again", by: alice, id: "x"),
                                                  post("bob's", by: bob, id: "x"), post("plain", by: alice, id: nil),
                                                  post("plain", by: alice, id: nil)], now: 10)
            guard case .stored(let stored, 10) = first[0] else {
                Issue.record("the first post was not stored: \(first)")
                return
            }
            #expect(first[1] == .duplicate(id: stored, ts: 10))
            guard case .stored(let bobs, _) = first[2], case .stored(let plain1, _) = first[3], case .stored(let plain2, _) = first[4] else {
                Issue.record("other posts were taken for resends: \(first)")
                return
            }
            #expect(Set([stored, bobs, plain1, plain2]).count == 4)
            let later = try fixture.store.commit([post("one, a third time", by: alice, id: "x")], now: 20)
            #expect(later == [.duplicate(id: stored, ts: 10)])
            #expect(try await fixture.texts(HistorySearch(terms: "one")) == ["one"])
        }
    }
}
