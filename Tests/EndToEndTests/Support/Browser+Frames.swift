extension Browser {
    /// Makes the page inside `frame` (an `iframe` element) the context of the commands that follow, until
    /// ``switchToTopFrame()``.
    func switchToFrame(_ frame: BrowserElement) async throws {
        try await send(.post, "/frame", ["id": frame.reference], command: "switch to frame \"\(frame.selector)\"")
    }

    /// Makes the page itself the context of the commands that follow again.
    func switchToTopFrame() async throws {
        try await send(.post, "/frame", ["id": .null], command: "switch to top frame")
    }
}
