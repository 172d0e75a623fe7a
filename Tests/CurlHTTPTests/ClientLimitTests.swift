import CurlHTTP
import Foundation
import Testing

@Suite("CurlHTTPClient limits, timeouts, cancellation and shutdown")
struct ClientLimitTests {
    @Test func tooManyRedirects() async throws {
        var policy = HTTPClientPolicy.loopbackAllowed
        policy.maxRedirects = 3
        try await withServerAndClient(policy: policy) { server, client in
            await #expect(throws: CurlHTTPError.tooManyRedirects(limit: 3)) {
                try await client.get(server.baseURL + "/loop")
            }
            #expect(server.requestCount == 4)
            await #expect(throws: CurlHTTPError.tooManyRedirects(limit: 3)) {
                try await client.get(server.baseURL + "/redirect/4")
            }
            let withinLimit = try await client.get(server.baseURL + "/redirect/3")
            #expect(withinLimit.status == 200)
        }
    }

    @Test("response larger than the cap", arguments: ["/large", "/large-stream"])
    func responseTooLarge(path: String) async throws {
        var policy = HTTPClientPolicy.loopbackAllowed
        policy.maxResponseBytes = 1024
        try await withServerAndClient(policy: policy) { server, client in
            await #expect(throws: CurlHTTPError.responseTooLarge(limit: 1024)) {
                try await client.get(server.baseURL + path)
            }
            var roomy = policy
            roomy.maxResponseBytes = 1 << 20
            let response = try await client.get(server.baseURL + path, policy: roomy)
            #expect(response.body.count == 64 * 1024)
        }
    }

    @Test func totalTimeout() async throws {
        var policy = HTTPClientPolicy.loopbackAllowed
        policy.totalTimeout = .milliseconds(300)
        try await withServerAndClient(policy: policy) { server, client in
            let start = ContinuousClock.now
            await #expect(throws: CurlHTTPError.timedOut) {
                try await client.get(server.baseURL + "/slower")
            }
            // Ended by the timeout, not by the answer, which comes after `slowerDelay` (a margin a loaded machine keeps).
            #expect(ContinuousClock.now - start < TestRoutes.slowerDelay / 2)
        }
    }

    @Test func taskCancellationRemovesTransfer() async throws {
        try await withServerAndClient { server, client in
            let task = Task { try await client.get(server.baseURL + "/slow") }
            try await Task.sleep(for: .milliseconds(200))
            let start = ContinuousClock.now
            task.cancel()
            let result = await task.result
            #expect(ContinuousClock.now - start < .seconds(1))
            #expect(throws: CurlHTTPError.cancelled) { try result.get() }

            // The driver keeps working afterwards.
            #expect(try await client.get(server.baseURL + "/json").status == 200)
        }
    }

    @Test func alreadyCancelledTaskDoesNotSend() async throws {
        try await withServerAndClient { server, client in
            let task = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.get(server.baseURL + "/json")
            }
            let result = await task.result
            #expect(throws: CurlHTTPError.cancelled) { try result.get() }
            #expect(server.requestCount == 0)
        }
    }

    @Test func shutdownFailsPendingAndLaterRequests() async throws {
        try await withServerAndClient { server, client in
            let pending = Task { try await client.get(server.baseURL + "/slow") }
            try await Task.sleep(for: .milliseconds(200))
            await client.shutdown()
            let result = await pending.result
            #expect(throws: CurlHTTPError.clientShutDown) { try result.get() }
            await #expect(throws: CurlHTTPError.clientShutDown) {
                try await client.get(server.baseURL + "/json")
            }
            await client.shutdown()
        }
    }
}
