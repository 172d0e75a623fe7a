import Foundation

/// Runs `body`, then `cleanUp`, whether `body` returned or threw; `body`'s error is rethrown after the clean-up.
///
/// What `defer` would do if it could await: every scoped helper of the tests (`withTestServer`, `withHost`, …) stops
/// what it started through this, so a failing `try` or `#require` still stops it.
func withCleanUp<Result>(_ body: () async throws -> Result, cleanUp: () async -> Void) async throws -> Result {
    let result: Result
    do {
        result = try await body()
    } catch {
        await cleanUp()
        throw error
    }
    await cleanUp()
    return result
}

/// Makes a new, empty temporary folder, runs `body` with it, and removes the folder and all in it afterwards.
func withTestFolder<Result>(_ body: (URL) async throws -> Result) async throws -> Result {
    let folder = try TestServer.makeFolder()
    return try await withCleanUp {
        try await body(folder)
    } cleanUp: {
        try? FileManager.default.removeItem(at: folder)
    }
}
