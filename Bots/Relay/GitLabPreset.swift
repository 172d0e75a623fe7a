import BotKit
import Foundation

/// GitLab's project webhooks (`X-Gitlab-Event`): pushes, merge requests (opened, merged, closed, reopened) and pipelines
/// that failed or succeeded (a failure as an alert message).
struct GitLabPreset: RelayPreset {
    let listed: Int

    func relay(_ request: WebhookRequest, context: BotContext) async throws -> WebhookResponse {
        let event = request.headers[HTTPFieldName.gitlabEvent] ?? ""
        let payload = try object(request)
        guard let (text, alert) = message(event, payload) else {
            context.logger.info("relay: gitlab event ignored", metadata: ["event": "\(event)"])
            return WebhookResponse(status: .accepted, body: "ignored: \(event.isEmpty ? "no X-Gitlab-Event" : event)")
        }
        try await context.reply(text, alert: alert)
        return WebhookResponse(status: .ok, body: "posted")
    }

    func message(_ event: String, _ payload: [String: Any]) -> (String, Bool)? {
        let project = payload.string("project.path_with_namespace") ?? "a project"
        switch event {
        case "Push Hook":
            let who = payload.string("user_name") ?? "someone"
            let branch = (payload.string("ref") ?? "").replacingOccurrences(of: "refs/heads/", with: "")
            let commits = payload.objects("commits").compactMap { $0.string("title") ?? $0.string("message")?.split(separator: "\n").first.map(String.init) }
            let total = Int(payload.string("total_commits_count") ?? "") ?? commits.count
            guard total > 0 else { return ("\(who) pushed to \(project) \(branch)", false) }
            return ("\(who) pushed \(total == 1 ? "1 commit" : "\(total) commits") to \(project) \(branch): \(Self.list(commits, limit: listed))", false)
        case "Merge Request Hook":
            let verbs = ["open": "opened", "merge": "merged", "close": "closed", "reopen": "reopened"]
            guard let verb = verbs[payload.string("object_attributes.action") ?? ""] else { return nil }
            let who = payload.string("user.name") ?? "someone"
            return ("\(who) \(verb) merge request !\(payload.string("object_attributes.iid") ?? "?") in \(project): \(payload.string("object_attributes.title") ?? "") \(payload.string("object_attributes.url") ?? "")", false)
        case "Pipeline Hook":
            let status = payload.string("object_attributes.status") ?? ""
            guard status == "failed" || status == "success" else { return nil }
            let ref = payload.string("object_attributes.ref") ?? ""
            let id = payload.string("object_attributes.id") ?? "?"
            return status == "failed"
                ? ("Pipeline #\(id) failed on \(ref) in \(project)", true)
                : ("Pipeline #\(id) passed on \(ref) in \(project)", false)
        default:
            return nil
        }
    }
}
