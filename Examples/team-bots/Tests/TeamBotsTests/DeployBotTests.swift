import BotKitTesting
import Foundation
import TeamBots
import Testing

@Test func asksWhereToDeployThenCallsTheServiceWithItsToken() async throws {
    let token = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString).token")
    try "tok-4711\n".write(to: token, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: token) }
    try await withHTTPStub(answering: { _ in .json(#"{"id": 7}"#, status: .created) }) { stub in
        let options = """
            url: "\(stub.url("/api/deployments"))"
            api_token_file: \(token.path)
            allow_hosts: ["127.0.0.1"]
            """
        try await withBotHarness(DeployBot.self, options: options) { harness in
            try await harness.send("!deploy billing")
            try await harness.expectReply("Deploy billing to which environment: staging or production?")
            try await harness.send("staging")
            try await harness.expectReply("Deploying billing to staging.")
            let request = try #require(stub.requests.last)
            #expect(request.headers[.authorization] == "Bearer tok-4711")
            #expect(request.body.contains(#""environment":"staging""#))
            #expect(request.body.contains(#""requestedBy":"sip:tester@harness.example""#))
        }
    }
}

@Test func givesUpWhenNobodyAnswers() async throws {
    let token = FileManager.default.temporaryDirectory.appendingPathComponent("deploy-\(UUID().uuidString).token")
    try "tok-4711\n".write(to: token, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: token) }
    try await withBotHarness(DeployBot.self, options: "url: https://deploy.example.com/api\napi_token_file: \(token.path)") { harness in
        try await harness.send("!deploy billing")
        try await harness.expectReply("Deploy billing to which environment: staging or production?")
        harness.clock.advance(by: .seconds(121))
        try await harness.expectReply("No answer: billing is not deployed.")
    }
}

@Test func refusesATokenWrittenInline() async throws {
    let error = await #expect(throws: (any Error).self) {
        try await withBotHarness(DeployBot.self, options: "url: https://deploy.example.com/api\napi_token: tok-4711") { _ in }
    }
    #expect("\(error.map { "\($0)" } ?? "")".contains("a secret is never written inline; give api_token_env or api_token_file"))
}
