import ArgumentParser
import Foundation
import PersistentChat

/// A role that can be given per room (Creator belongs to categories, so it is not offered).
enum RoleArgument: String, CaseIterable, ExpressibleByArgument {
    case member, manager, presenter

    var role: ChatRoomRole {
        switch self {
        case .member: .member
        case .manager: .manager
        case .presenter: .presenter
        }
    }
}

/// Who can find and join a room.
enum PrivacyArgument: String, CaseIterable, ExpressibleByArgument {
    case open, closed, secret

    var privacy: ChatRoomPrivacy {
        switch self {
        case .open: .open
        case .closed: .closed
        case .secret: .secret
        }
    }
}

/// A room's own invitation setting.
enum InvitationArgument: String, CaseIterable, ExpressibleByArgument {
    case inherit
    case `false`

    var setting: ChatRoomInvitationSetting {
        switch self {
        case .inherit: .inherit
        case .false: .false
        }
    }
}

/// `--auditorium` or `--normal`.
enum BehaviorFlag: String, EnumerableFlag {
    case auditorium, normal

    static func help(for value: BehaviorFlag) -> ArgumentHelp? {
        switch value {
        case .auditorium: "Only presenters may post."
        case .normal: "Everyone who may enter may post."
        }
    }
}

/// `--disable` or `--enable`.
enum EnabledFlag: String, EnumerableFlag {
    case disable, enable

    static func help(for value: EnabledFlag) -> ArgumentHelp? {
        switch value {
        case .disable: "Disable the room: it disappears and its sessions end."
        case .enable: "Enable a disabled room again."
        }
    }
}

/// Principals are SIP URIs (users) or distinguished names (groups, OUs, domains, users).
func validatePrincipals(_ principals: [String]) throws {
    for principal in principals where SIPURI(principal) == nil && !principal.contains("=") {
        throw ValidationError("'\(principal)' is neither a sip: URI nor a distinguished name (CN=…,OU=…,DC=…)")
    }
}

/// Parses `2024-05-01T12:00:00Z`, with fractional seconds or an offset, or a bare date `2024-05-01` (UTC midnight).
func parseISO8601(_ text: String) -> Date? {
    let options: [ISO8601DateFormatter.Options] = [
        [.withInternetDateTime], [.withInternetDateTime, .withFractionalSeconds], [.withFullDate],
    ]
    for option in options {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = option
        if let date = formatter.date(from: text) { return date }
    }
    return nil
}

/// An ISO 8601 time for output, to the second, in UTC.
func iso8601(_ date: Date) -> String { ISO8601DateFormatter().string(from: date) }

/// A failure found by pchat itself rather than refused by the server: printed as `pchat: MESSAGE`, exit status 1.
struct CommandFailure: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
