@testable import PersistentChatServer
import PersistentChatProtocol
import Testing

/// The token bucket behind `limits.per_user`: its edge, its refill, and the memory it keeps.
@Suite struct UserRateQuotaTests {
    static func user(_ index: Int) -> SIPURI { SIPURI("sip:user\(index)@contoso.com")! }

    @Test func aBucketGrantsItsCapacityThenTellsTheWait() {
        let quota = UserRateQuota(capacity: 3, refillPerSecond: 1)
        let start = ContinuousClock.now
        for _ in 0..<3 { #expect(quota.take(Self.user(1), now: start) == nil) }
        #expect(quota.take(Self.user(1), now: start) == .seconds(1))
        #expect(quota.take(Self.user(2), now: start) == nil, "each user has a bucket of their own")
        // Half a token back after half a second: still refused, half a second to wait.
        #expect(quota.take(Self.user(1), now: start + .milliseconds(500)) == .milliseconds(500))
        #expect(quota.take(Self.user(1), now: start + .seconds(1)) == nil)
        quota.refund(Self.user(1), now: start + .seconds(1))
        #expect(quota.take(Self.user(1), now: start + .seconds(1)) == nil, "a refunded token can be taken again")
    }

    @Test func usersWhoseBucketsRefilledAreForgotten() {
        let quota = UserRateQuota(capacity: 2, refillPerSecond: 10)
        let start = ContinuousClock.now
        // Ten thousand users act once; a second later all their buckets are full again, and forgotten at the next
        // sweep (when the table has doubled), while the users acting then are kept.
        for index in 0..<10_000 { _ = quota.take(Self.user(index), now: start) }
        #expect(quota.trackedUsers == 10_000)
        let later = start + .seconds(1)
        for index in 10_000..<17_000 { _ = quota.take(Self.user(index), now: later) }
        #expect(quota.trackedUsers == 7_000)
    }

    @Test func waitsAreRoundedUpForPeople() {
        #expect(RetryTime.text(.milliseconds(1.2)) == "2 ms")
        #expect(RetryTime.text(.milliseconds(999)) == "999 ms")
        #expect(RetryTime.text(.milliseconds(1001)) == "2 s")
        #expect(RetryTime.text(.seconds(1800)) == "30 min")
        #expect(RetryTime.milliseconds(.nanoseconds(1)) == 1)
    }
}
