import Foundation
import PersistentChat
import PersistentChatProtocol

/// Names and small helpers for the end-to-end API tests (management, browse, history, user services, invitations,
/// preferences).
enum E2EAPI {
    static let alice = "sip:alice@contoso.com"
    static let bob = "sip:bob@contoso.com"
    static let carol = "sip:carol@contoso.com"
    static let dave = "sip:dave@contoso.com"
    static let echobot = "sip:echobot@contoso.com"
    static let supportGroup = "CN=Support,OU=Staff,DC=contoso,DC=com"
    static let staffOU = "OU=Staff,DC=contoso,DC=com"
    static let botsOU = "OU=Bots,DC=contoso,DC=com"
    static let domain = "DC=contoso,DC=com"

    /// A principal summary naming `reference` (the SDK sends only the reference).
    static func principal(_ reference: String) -> PersistentChatPrincipalSummary {
        PersistentChatPrincipalSummary(
            reference: reference, name: reference, displayName: reference,
            type: reference.hasPrefix("sip:") ? .localUser : .directoryGroup, adPath: nil, entityGuid: nil,
            uri: SIPURI(reference))
    }

    /// Milliseconds since 1970, now.
    static var nowMs: Int64 { Date().millisecondsSince1970 }

    /// Settings for a room in `category` with `members` besides its creator.
    static func settings(_ name: String, in category: CategoryURI, members: [String]) -> ChatRoomSettings {
        var settings = ChatRoomSettings(name: name, parentCategoryUri: category)
        settings.members = members
        return settings
    }

    /// A message's timestamp in milliseconds since 1970.
    static func ms(_ date: Date) -> Int64 { date.millisecondsSince1970 }
}
