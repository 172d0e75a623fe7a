import Foundation
import HTTPTypes

/// When ``CurlHTTPClient/execute(_:policy:retry:)`` sends an idempotent request again: after a failure to connect,
/// a timeout or a transport error, or an answer 429, 502, 503 or 504, up to `attempts` tries in all, waiting
/// `initialDelay`, then twice as long each time, at most `maxDelay` (a `Retry-After` in seconds is honoured up to
/// `maxDelay`). POST and PATCH are never sent again: the first try might have taken effect.
public struct RetryPolicy: Sendable, Hashable {
    /// Tries in all, the first included (1 sends once).
    public var attempts: Int
    /// The pause before the second try.
    public var initialDelay: Duration
    /// The longest pause.
    public var maxDelay: Duration

    /// A policy of `attempts` tries in all (at least 1), pausing `initialDelay` before the second, doubled each
    /// time up to `maxDelay`.
    public init(attempts: Int = 3, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30)) {
        self.attempts = max(1, attempts)
        self.initialDelay = max(.zero, initialDelay)
        self.maxDelay = max(.zero, maxDelay)
    }

    /// Sends once.
    public static let never = RetryPolicy(attempts: 1)

    /// Whether `method` may be sent again without changing the outcome.
    public static func isIdempotent(_ method: HTTPRequest.Method) -> Bool {
        [.get, .head, .put, .delete, .options, .trace].contains(method)
    }

    /// Whether a failed try is worth another.
    static func isTransient(_ error: any Error) -> Bool {
        switch error as? CurlHTTPError {
        case .timedOut?, .couldNotConnect?, .transport?: true
        default: false
        }
    }

    /// Whether an answer is worth another try.
    static func isTransient(_ status: HTTPResponse.Status) -> Bool {
        [429, 502, 503, 504].contains(status.code)
    }

    /// The pause before try number `attempt + 1` (after `attempt` tries), or the server's `Retry-After` when it
    /// gives one in seconds, both at most ``maxDelay``.
    func delay(after attempt: Int, retryAfter: String?) -> Duration {
        if let retryAfter, let seconds = Int(retryAfter.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return min(.seconds(seconds), maxDelay)
        }
        var delay = initialDelay
        for _ in 1..<max(1, attempt) where delay < maxDelay { delay *= 2 }
        return min(delay, maxDelay)
    }
}

extension CurlHTTPClient {
    /// Sends `request` as ``execute(_:policy:)`` does, trying an idempotent one again as `retry` says; returns the last
    /// answer (a 503 after the last try, say) or throws the last error.
    public func execute(_ request: CurlHTTPRequest, policy: HTTPClientPolicy? = nil, retry: RetryPolicy) async throws -> CurlHTTPResponse {
        let attempts = RetryPolicy.isIdempotent(request.method) ? retry.attempts : 1
        var attempt = 1
        while true {
            let retryAfter: String?
            do {
                let response = try await execute(request, policy: policy)
                guard attempt < attempts, RetryPolicy.isTransient(response.status) else { return response }
                retryAfter = response.headers[.retryAfter]
            } catch {
                guard attempt < attempts, RetryPolicy.isTransient(error) else { throw error }
                retryAfter = nil
            }
            do {
                try await Task.sleep(for: retry.delay(after: attempt, retryAfter: retryAfter))
            } catch {
                throw CurlHTTPError.cancelled
            }
            attempt += 1
        }
    }
}
