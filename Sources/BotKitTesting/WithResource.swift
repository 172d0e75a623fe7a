/// Runs `body` with `resource`, then `stop` on it, whether `body` returns or throws.
func withResource<Resource: Sendable, Result>(
    _ resource: Resource, isolation: isolated (any Actor)? = #isolation, stop: (Resource) async -> Void,
    _ body: (Resource) async throws -> Result
) async throws -> Result {
    let result: Result
    do {
        result = try await body(resource)
    } catch {
        await stop(resource)
        throw error
    }
    await stop(resource)
    return result
}
