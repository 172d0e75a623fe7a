@testable import CurlHTTP
import Foundation
import Testing

/// The per-host cap on calls at once, and the pauses between tries.
@Suite struct HostGateAndRetryTests {
    @Test func aCallPastItsHostsCapWaitsAndACancelledWaiterLeavesNoPlaceTaken() async throws {
        let gates = HostGates()
        try await gates.enter("api.example", limit: 1)
        // Another host is not held up.
        try await gates.enter("other.example", limit: 1)
        let waiting = Task { try await gates.enter("api.example", limit: 1) }
        let cancelled = Task { try await gates.enter("api.example", limit: 1) }
        try await Task.sleep(for: .milliseconds(100))
        #expect(gates.active("api.example") == 1)
        cancelled.cancel()
        await #expect(throws: CurlHTTPError.self) { try await cancelled.value }
        gates.leave("api.example")
        try await waiting.value
        #expect(gates.active("api.example") == 1)
        gates.leave("api.example")
        gates.leave("other.example")
        #expect(gates.active("api.example") == 0)
        // A call without a cap counts, but never waits.
        try await gates.enter("api.example", limit: nil)
        try await gates.enter("api.example", limit: nil)
        #expect(gates.active("api.example") == 2)
    }

    @Test func pausesGrowAndHonourRetryAfterUpToTheirLongest() {
        let retry = RetryPolicy(attempts: 5, initialDelay: .milliseconds(500), maxDelay: .seconds(3))
        #expect(retry.delay(after: 1, retryAfter: nil) == .milliseconds(500))
        #expect(retry.delay(after: 2, retryAfter: nil) == .seconds(1))
        #expect(retry.delay(after: 3, retryAfter: nil) == .seconds(2))
        #expect(retry.delay(after: 4, retryAfter: nil) == .seconds(3))
        #expect(retry.delay(after: 2, retryAfter: "2") == .seconds(2))
        #expect(retry.delay(after: 2, retryAfter: "120") == .seconds(3))
        #expect(retry.delay(after: 2, retryAfter: "Wed, 21 Oct 2026 07:28:00 GMT") == .seconds(1))
        #expect(RetryPolicy.isIdempotent(.put) && !RetryPolicy.isIdempotent(.post) && !RetryPolicy.isIdempotent(.patch))
    }
}
