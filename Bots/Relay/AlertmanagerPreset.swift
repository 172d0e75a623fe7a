import BotKit
import Foundation

/// Prometheus Alertmanager's webhook (`version` 4): one message per call, however many alerts it groups: firing ones
/// as an alert message, a group that is all resolved as a plain one, with the alert's name, severity, summary and
/// the instances (listed up to a limit, the rest counted).
struct AlertmanagerPreset: RelayPreset {
    let listed: Int

    func relay(_ request: WebhookRequest, context: BotContext) async throws -> WebhookResponse {
        let payload = try object(request)
        let alerts = payload.objects("alerts")
        guard !alerts.isEmpty else { throw WebhookRefusal(reason: "an Alertmanager call carries alerts; this one has none") }
        let firing = alerts.filter { ($0["status"] as? String) != "resolved" }
        let resolved = alerts.count - firing.count
        let shown = firing.isEmpty ? alerts : firing
        let first = shown[0]
        let labels = first["labels"] as? [String: Any] ?? [:]
        let name = payload.string("groupLabels.alertname") ?? payload.string("commonLabels.alertname") ?? labels.string("alertname") ?? "alert"
        let severity = payload.string("commonLabels.severity") ?? labels.string("severity")
        let summary = payload.string("commonAnnotations.summary") ?? first.string("annotations.summary")
            ?? payload.string("commonAnnotations.description") ?? first.string("annotations.description")
        let instances = shown.compactMap { $0.string("labels.instance") }
        var text = firing.isEmpty ? "[RESOLVED:\(alerts.count)] \(name)" : "[FIRING:\(firing.count)] \(name)"
        if let severity { text += " (\(severity))" }
        if let summary { text += ": \(summary)" }
        if !instances.isEmpty { text += " — \(Self.list(instances, limit: listed))" }
        if !firing.isEmpty, resolved > 0 { text += " (\(resolved) resolved)" }
        try await context.reply(text, alert: !firing.isEmpty)
        return WebhookResponse(status: .ok, body: "posted")
    }
}
