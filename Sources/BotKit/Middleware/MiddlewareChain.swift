import PersistentChat

/// The middleware of one room, in order, with the bot instance's identity for ``BotCall``.
struct MiddlewareChain: Sendable {
    let middleware: [any BotMiddleware]

    static let empty = MiddlewareChain(middleware: [])

    /// The first drop, or pass.
    func inbound(_ message: ChatMessage, context: BotContext) async -> InboundVerdict {
        for item in middleware {
            let verdict = await item.inbound(message, context: context)
            if verdict != .pass { return verdict }
        }
        return .pass
    }

    /// Runs `body` inside every middleware's `around`, the first outermost.
    func around(_ call: BotCall, context: BotContext, body: @escaping @Sendable () async throws -> Void) async throws {
        try await Self.run(middleware[...], call: call, context: context, body: body)
    }

    private static func run(_ rest: ArraySlice<any BotMiddleware>, call: BotCall, context: BotContext,
                            body: @escaping @Sendable () async throws -> Void) async throws {
        guard let first = rest.first else {
            try await body()
            return
        }
        try await first.around(call, context: context) {
            try await run(rest.dropFirst(), call: call, context: context, body: body)
        }
    }

    /// The reply as every middleware leaves it; nil when one holds it back.
    func outbound(_ reply: OutboundReply, context: BotContext) async throws -> OutboundReply? {
        var current = reply
        for item in middleware {
            guard let next = try await item.outbound(current, context: context) else { return nil }
            current = next
        }
        return current
    }
}
