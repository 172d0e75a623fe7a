import BotKit
import Foundation
import Mustache

/// Any JSON body, rendered through the hook's Mustache template (text, nothing HTML-escaped).
struct GenericPreset: RelayPreset {
    let template: MustacheTemplate
    let alert: Bool

    init(template text: String, alert: Bool, key: String) throws {
        do {
            template = try MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}" + text)
        } catch {
            throw BotOptionError(key: key, reason: "not a Mustache template: \(error)")
        }
        self.alert = alert
    }

    func relay(_ request: WebhookRequest, context: BotContext) async throws -> WebhookResponse {
        let text = template.render(try object(request)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw WebhookRefusal(reason: "the template rendered nothing from this body") }
        try await context.reply(text, alert: alert)
        return WebhookResponse(status: .ok, body: "posted")
    }
}
