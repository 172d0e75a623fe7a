/// Starts an ``HTTPStub`` answering with `answer`, runs `body` with it, and stops it whether `body` returns or throws.
///
/// ```swift
/// try await withHTTPStub(answering: { _ in .json(#"{"state":"green"}"#) }) { stub in
///     try await withBotHarness(StatusBot.self, options: "url: \(stub.url("/status"))") { harness in … }
/// }
/// ```
public func withHTTPStub<Result>(
    answering answer: @escaping @Sendable (HTTPStub.Request) -> HTTPStub.Reply,
    isolation: isolated (any Actor)? = #isolation, _ body: (HTTPStub) async throws -> Result
) async throws -> Result {
    let stub = try await HTTPStub.start(answer)
    return try await withResource(stub, stop: { await $0.stop() }, body)
}

/// Starts an ``HTTPStub`` whose answers may take their time (a slow service, for a bot's timeout), runs `body` with it,
/// and stops it whether `body` returns or throws.
public func withHTTPStub<Result>(
    answeringAsync answer: @escaping @Sendable (HTTPStub.Request) async -> HTTPStub.Reply,
    isolation: isolated (any Actor)? = #isolation, _ body: (HTTPStub) async throws -> Result
) async throws -> Result {
    let stub = try await HTTPStub.start(answeringAsync: answer)
    return try await withResource(stub, stop: { await $0.stop() }, body)
}
