import PersistentChat
import Testing

/// Runs `body` and returns the PersistentChatError it throws (nil if it succeeds or throws something else).
func chatError(_ body: () async throws -> Void) async -> PersistentChatError? {
    do {
        try await body()
        return nil
    } catch let error as PersistentChatError {
        return error
    } catch {
        return nil
    }
}

/// Expects a refusal with exactly this code and detail.
func expectRefusal(
    _ error: PersistentChatError?, _ code: PersistentChatErrorCode, _ detail: ErrorDetail,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(error != nil, "expected \(code) / \(detail), but the call succeeded", sourceLocation: sourceLocation)
    guard let error else { return }
    #expect(error.code == code, "got \(error)", sourceLocation: sourceLocation)
    #expect(error.detail == detail, "got \(error)", sourceLocation: sourceLocation)
}

/// Expects an argument refused by the SDK before anything was sent.
func expectClientSideRefusal(_ error: PersistentChatError?, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(error?.kind == .invalidArgument, "got \(String(describing: error))", sourceLocation: sourceLocation)
    #expect(error?.code == .invalidArgument, sourceLocation: sourceLocation)
}
