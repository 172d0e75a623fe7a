@testable import BotKit
import Testing

/// Which invitations a host accepts: by inviter, room name and category, each refusal with its reason.
@Suite struct InvitationPolicyTests {
    @Test func eachRuleRefusesWithItsReason() {
        var policy = HostConfiguration.InvitationPolicy(accept: true, from: ["sip:*@contoso.com"])
        policy.rooms = ["ops-*", "incident"]
        policy.categories = ["Operations"]
        #expect(policy.refusal(inviter: "sip:Alice@Contoso.com", room: "OPS-db", category: "operations") == nil)
        #expect(policy.refusal(inviter: "sip:mallory@evil.example", room: "ops-db", category: "Operations")
            == "sip:mallory@evil.example is not in invitations.from")
        #expect(policy.refusal(inviter: nil, room: "ops-db", category: "Operations") == "the server did not say who sent it")
        #expect(policy.refusal(inviter: "sip:alice@contoso.com", room: "incidents", category: "Operations")
            == "the room 'incidents' is not in invitations.rooms")
        #expect(policy.refusal(inviter: "sip:alice@contoso.com", room: "incident", category: "Help")
            == "the category 'Help' is not in invitations.categories")
        policy.accept = false
        #expect(policy.refusal(inviter: "sip:alice@contoso.com", room: "incident", category: "Operations") == "invitations.accept is off")
    }
}
