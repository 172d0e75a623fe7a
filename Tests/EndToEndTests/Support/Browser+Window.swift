import Foundation

extension Browser {
    /// Sets the size of the browser window (the page's viewport is smaller by the window's frame); see
    /// ``setViewport(width:height:)`` for an exact viewport.
    func setWindowSize(width: Int, height: Int) async throws {
        try await send(.post, "/window/rect", ["width": .number(Double(width)), "height": .number(Double(height))],
                       command: "set window rect \(width)x\(height)")
    }

    /// The page's viewport (`innerWidth` × `innerHeight`).
    func viewportSize() async throws -> (width: Int, height: Int) {
        let size = try await executeScript("return [window.innerWidth, window.innerHeight]").array ?? []
        guard size.count == 2, let width = size[0].int, let height = size[1].int else {
            throw BrowserSetupError(message: "the page reported no viewport size")
        }
        return (width, height)
    }

    /// Sizes the window so that the page's viewport is exactly `width` × `height` (e.g. 390 × 844, a phone): the
    /// window is set to that size, then grown by the frame it turned out to have.
    func setViewport(width: Int, height: Int) async throws {
        try await setWindowSize(width: width, height: height)
        let inner = try await viewportSize()
        guard inner != (width, height) else { return }
        try await setWindowSize(width: 2 * width - inner.width, height: 2 * height - inner.height)
    }
}
