import BotKit
import Foundation

/// GitHub's repository webhooks (`X-GitHub-Event`): push, pull_request, issues, issue_comment, release, and failed
/// workflow runs; `ping` is answered; a delivery GitHub sends again (the same `X-GitHub-Delivery`) is posted once.
struct GitHubPreset: RelayPreset {
    let listed: Int

    func relay(_ request: WebhookRequest, context: BotContext) async throws -> WebhookResponse {
        let event = request.headers[HTTPFieldName.githubEvent] ?? ""
        if event == "ping" { return WebhookResponse(status: .ok, body: "pong") }
        let payload = try object(request)
        if let delivery = request.headers[HTTPFieldName.githubDelivery], !delivery.isEmpty {
            let key = "github-delivery/\(delivery.prefix(80))"
            if try await context.storage.value(key, as: Bool.self) != nil {
                return WebhookResponse(status: .ok, body: "already posted")
            }
            // Kept with what this call posts: a delivery the host did not finish is taken again.
            try await context.storage.set(key, to: true, expiresAfter: .seconds(7 * 86_400))
        }
        guard let (text, alert) = message(event, payload) else {
            context.logger.info("relay: github event ignored", metadata: ["event": "\(event)", "action": "\(payload.string("action") ?? "")"])
            return WebhookResponse(status: .accepted, body: "ignored: \(event.isEmpty ? "no X-GitHub-Event" : event)")
        }
        try await context.reply(text, alert: alert)
        return WebhookResponse(status: .ok, body: "posted")
    }

    /// The message for `event`, or nil for an event (or action) not relayed.
    func message(_ event: String, _ payload: [String: Any]) -> (String, Bool)? {
        let repo = payload.string("repository.full_name") ?? "a repository"
        let who = payload.string("sender.login") ?? payload.string("pusher.name") ?? "someone"
        let action = payload.string("action") ?? ""
        switch event {
        case "push":
            let branch = (payload.string("ref") ?? "").replacingOccurrences(of: "refs/heads/", with: "")
            let commits = payload.objects("commits").compactMap { $0.string("message")?.split(separator: "\n").first.map(String.init) }
            let pusher = payload.string("pusher.name") ?? who
            guard !commits.isEmpty else { return ("\(pusher) pushed to \(repo) \(branch)", false) }
            let count = commits.count == 1 ? "1 commit" : "\(commits.count) commits"
            return ("\(pusher) pushed \(count) to \(repo) \(branch): \(Self.list(commits, limit: listed))", false)
        case "pull_request":
            let number = payload.string("pull_request.number") ?? payload.string("number") ?? "?"
            let title = payload.string("pull_request.title") ?? ""
            let url = payload.string("pull_request.html_url") ?? ""
            let verb: String
            switch action {
            case "opened", "reopened", "ready_for_review": verb = action == "ready_for_review" ? "marked ready" : action
            case "closed": verb = payload.string("pull_request.merged") == "1" ? "merged" : "closed"
            default: return nil
            }
            return ("\(who) \(verb) pull request #\(number) in \(repo): \(title) \(url)", false)
        case "issues":
            guard ["opened", "closed", "reopened"].contains(action) else { return nil }
            return ("\(who) \(action) issue #\(payload.string("issue.number") ?? "?") in \(repo): \(payload.string("issue.title") ?? "") \(payload.string("issue.html_url") ?? "")", false)
        case "issue_comment":
            guard action == "created" else { return nil }
            let body = (payload.string("comment.body") ?? "").split(whereSeparator: \.isNewline).joined(separator: " ")
            let excerpt = body.count > 140 ? body.prefix(139) + "…" : Substring(body)
            return ("\(who) commented on #\(payload.string("issue.number") ?? "?") in \(repo): \(excerpt) \(payload.string("comment.html_url") ?? "")", false)
        case "release":
            guard action == "published" else { return nil }
            let tag = payload.string("release.tag_name") ?? ""
            return ("\(who) released \(tag) of \(repo): \(payload.string("release.name") ?? tag) \(payload.string("release.html_url") ?? "")", false)
        case "workflow_run":
            guard action == "completed", payload.string("workflow_run.conclusion") == "failure" else { return nil }
            let name = payload.string("workflow_run.name") ?? "a workflow"
            let branch = payload.string("workflow_run.head_branch") ?? ""
            return ("CI failed: \(name) on \(branch) in \(repo) \(payload.string("workflow_run.html_url") ?? "")", true)
        default:
            return nil
        }
    }
}
