import BotKit
import Synchronization

/// Middleware for tests: drops carol's messages (inbound), records every call's route (around), and shouts replies
/// that contain "shout" (outbound).
final class RecordingMiddleware: BotMiddleware {
    let routes = Mutex<[BotCall.Route]>([])

    func inbound(_ message: ChatMessage, context: BotContext) async -> InboundVerdict {
        message.messageAuthor.value == "sip:carol@contoso.com" ? .drop(reason: "carol is muted") : .pass
    }

    func around(_ call: BotCall, context: BotContext, next: @Sendable () async throws -> Void) async throws {
        routes.withLock { $0.append(call.route) }
        try await next()
    }

    func outbound(_ reply: OutboundReply, context: BotContext) async throws -> OutboundReply? {
        guard reply.text.contains("shout") else { return reply }
        return OutboundReply(text: reply.text.uppercased(), alert: true)
    }
}
