import BotKit
import CurlHTTP
import Foundation

/// `!deploy <service>`: asks its sender which environment, then asks the deployment service to deploy there, with
/// the API token its room file names (`api_token_env` or `api_token_file`, never inline).
public struct DeployBot: Bot {
    public struct Options: Decodable, Sendable {
        /// The deployment service's endpoint, e.g. `https://deploy.example.com/api/deployments`.
        public var url: String
        /// The service's token, sent as `Authorization: Bearer …`.
        public var api_token: Secret
        /// Hosts that may resolve to loopback or private addresses (a test's server, say).
        public var allow_hosts: [String]?
    }

    /// What the deployment service is sent.
    struct Deployment: Encodable, Sendable {
        var service: String
        var environment: String
        var requestedBy: String
    }

    public static let typeName = "deploy"
    public let commands: BotCommands

    public init(options: Options, context: BotSetupContext) {
        var policy = HTTPClientPolicy()
        policy.allowedHosts = Set(options.allow_hosts ?? [])
        var commands = BotCommands()
        commands.command("deploy <service>", "Deploys a service, asking where to.") { [policy] arguments, context in
            let service = arguments["service"] ?? ""
            let person = context.message?.messageAuthor.value ?? ""
            let answer: ChatMessage
            do {
                answer = try await context.ask("Deploy \(service) to which environment: staging or production?",
                                               of: person, timeout: .seconds(120))
            } catch BotQuestionError.timedOut {
                try await context.reply("No answer: \(service) is not deployed.")
                return
            }
            let environment = answer.messageContent.trimmingCharacters(in: .whitespaces).lowercased()
            guard ["staging", "production"].contains(environment) else {
                try await context.reply("'\(environment)' is not an environment: \(service) is not deployed.")
                return
            }
            let response = try await context.http.post(
                options.url, json: Deployment(service: service, environment: environment, requestedBy: person),
                headers: [.authorization: "Bearer \(options.api_token.value)"], policy: policy)
            try await context.reply(response.isSuccess
                ? "Deploying \(service) to \(environment)."
                : "The deployment service refused: HTTP \(response.status.code).")
        }
        self.commands = commands
    }
}
