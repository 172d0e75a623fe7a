import Foundation

extension Browser {
    /// Polls `condition` every 50 ms until it holds; throws ``BrowserWaitTimeout`` naming `awaited` (and the error
    /// of the last try) when it has not within `timeout`.
    ///
    /// A ``WebDriverError`` thrown by the condition (an element not there yet, or replaced meanwhile) counts as "not
    /// yet"; any other error ends the wait at once.
    func waitUntil(_ awaited: String, timeout: Duration = .seconds(10),
                   _ condition: () async throws -> Bool) async throws {
        _ = try await waitFor(awaited, timeout: timeout) { try await condition() ? true : nil }
    }

    /// Polls `produce` every 50 ms until it returns a value, and returns that; throws as
    /// ``waitUntil(_:timeout:_:)`` does.
    func waitFor<Value>(_ awaited: String, timeout: Duration = .seconds(10),
                        _ produce: () async throws -> Value?) async throws -> Value {
        let deadline = ContinuousClock.now + timeout
        var lastError: (any Error)?
        while true {
            do {
                if let value = try await produce() { return value }
                lastError = nil
            } catch let error as WebDriverError {
                lastError = error
            }
            guard ContinuousClock.now < deadline else {
                throw BrowserWaitTimeout(awaited: awaited, timeout: timeout, lastError: lastError)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The first element matching the CSS selector, once there is one (within `timeout`).
    func waitForElement(_ selector: String, timeout: Duration = .seconds(10)) async throws -> BrowserElement {
        try await waitFor("an element matching \"\(selector)\"", timeout: timeout) { try await find(selector) }
    }
}
