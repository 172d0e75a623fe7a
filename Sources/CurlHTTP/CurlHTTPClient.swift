import HTTPTypes
import Logging

/// An async HTTP client built on libcurl's multi interface.
///
/// All requests of a client run on one driver thread. Redirects are followed by the client
/// itself so that every hop is re-validated (scheme, address policy) and limited by the policy.
/// Call ``shutdown()`` when done; pending requests then fail with ``CurlHTTPError/clientShutDown``.
public final class CurlHTTPClient: Sendable {
    /// The policy used when a request does not pass its own.
    public let policy: HTTPClientPolicy
    private let logger: Logger
    private let driver: CurlMultiDriver
    /// The calls under way to each host.
    let gates: HostGates
    /// Told how each call ended; nil: no one.
    private let observer: CallObserver?
    /// The client this one observes calls for (it owns the driver); nil for a client made with ``init(policy:logger:)``.
    private let base: CurlHTTPClient?

    /// What an observer hears of each call: the final status (nil when the call threw) and how long it took.
    public typealias CallObserver = @Sendable (_ status: Int?, _ duration: Duration) -> Void

    /// Creates a client and starts its driver thread.
    public init(policy: HTTPClientPolicy = HTTPClientPolicy(), logger: Logger) {
        self.policy = policy
        self.logger = logger
        driver = CurlMultiDriver(logger: logger)
        gates = HostGates()
        observer = nil
        base = nil
    }

    private init(observing base: CurlHTTPClient, observer: @escaping CallObserver) {
        policy = base.policy
        logger = base.logger
        driver = base.driver
        gates = base.gates
        self.observer = observer
        self.base = base.base ?? base
    }

    deinit {
        if base == nil { driver.requestShutdown() }
    }

    /// A client that shares this one's driver, policy and per-host limits, and tells `observer` how each of its calls
    /// ended (bothost's per-bot HTTP metrics). Shutting this client down shuts the shared driver down.
    public func observed(by observer: @escaping CallObserver) -> CurlHTTPClient {
        CurlHTTPClient(observing: self, observer: observer)
    }

    /// Sends `request`, following redirects, and returns the final response (any status).
    ///
    /// - Parameter policy: Overrides the client's policy for this request.
    /// - Throws: ``CurlHTTPError``.
    public func execute(_ request: CurlHTTPRequest, policy: HTTPClientPolicy? = nil) async throws -> CurlHTTPResponse {
        guard let observer else { return try await perform(request, policy: policy ?? self.policy) }
        let started = ContinuousClock.now
        do {
            let response = try await perform(request, policy: policy ?? self.policy)
            observer(response.status.code, ContinuousClock.now - started)
            return response
        } catch {
            observer(nil, ContinuousClock.now - started)
            throw error
        }
    }

    /// Sends `request`, following redirects.
    private func perform(_ request: CurlHTTPRequest, policy: HTTPClientPolicy) async throws -> CurlHTTPResponse {
        var current = request
        var target = try RequestTarget.parse(request.url)
        // The first hop's host is held for the whole call, redirects included; the wait for it is not the call's time.
        let host = HTTPClientPolicy.normalize(target.host)
        try await gates.enter(host, limit: policy.maxConcurrentPerHost)
        defer { gates.leave(host) }
        let deadline = ContinuousClock.now + policy.totalTimeout
        var redirects = 0
        while true {
            guard !Task.isCancelled else { throw CurlHTTPError.cancelled }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { throw CurlHTTPError.timedOut }
            logger.debug("HTTP request", metadata: ["method": "\(current.method.rawValue)", "url": "\(target.url)"])
            let result = try await driver.perform(spec(for: current, target: target, policy: policy, remaining: remaining))
            guard RedirectRules.statuses.contains(result.status),
                  let location = result.headers.first(where: { $0.name == .location })?.value else {
                return CurlHTTPResponse(status: HTTPResponse.Status(code: result.status), headers: result.headers,
                                        body: result.body, url: target.url)
            }
            guard redirects < policy.maxRedirects else {
                throw CurlHTTPError.tooManyRedirects(limit: policy.maxRedirects)
            }
            redirects += 1
            let next = try target.resolving(location)
            let forwarding = policy.forwardsHeaders(to: next.host)
            if RedirectRules.resendsBodyElsewhere(current, status: result.status, from: target, to: next, forwardingHeaders: forwarding) {
                throw CurlHTTPError.bodyRedirectRefused(host: next.host)
            }
            logger.debug("HTTP redirect", metadata: ["status": "\(result.status)", "from": "\(target.url)", "to": "\(next.url)"])
            current = RedirectRules.nextRequest(after: current, status: result.status, from: target, to: next,
                                                forwardingHeaders: policy.forwardsHeaders(to: next.host))
            target = next
        }
    }

    /// Fails new and pending requests with ``CurlHTTPError/clientShutDown`` and stops the driver thread.
    public func shutdown() async {
        await driver.shutdown()
    }

    private func spec(
        for request: CurlHTTPRequest,
        target: RequestTarget,
        policy: HTTPClientPolicy,
        remaining: Duration
    ) -> TransferSpec {
        TransferSpec(
            target: target,
            method: request.method,
            headers: request.headers,
            body: request.body,
            connectTimeoutMilliseconds: HTTPClientPolicy.milliseconds(min(policy.connectTimeout, remaining)),
            totalTimeoutMilliseconds: HTTPClientPolicy.milliseconds(remaining),
            maxResponseBytes: max(0, policy.maxResponseBytes),
            userAgent: policy.userAgent,
            checksAddresses: !policy.allows(host: target.host)
        )
    }
}
