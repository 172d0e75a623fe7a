import ArgumentParser
import Foundation
import PersistentChat

/// What `grant` and `revoke` share: the room, the role and the principals.
struct RoleChangeArguments: ParsableArguments {
    @Argument(help: "The room, by name or ma-chan:// URI.") var room: String
    @Argument(help: "The role.") var role: RoleArgument
    @Argument(help: "sip: URIs or distinguished names (CN=…,OU=…,DC=…).") var principals: [String]

    func validate() throws {
        guard !principals.isEmpty else { throw ValidationError("name at least one principal") }
        try validatePrincipals(principals)
    }

    /// Looks the room up and applies the change; prints what was done.
    func apply(_ change: String, global: GlobalOptions) async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let room = try await endpoint.room(self.room)
            let management = endpoint.persistentChatServices.chatRoomManagementServices
            if change == "grant" {
                try await management.addUsersOrGroupsToRole(role.role, room: room.chatRoomUri, references: principals)
            } else {
                try await management.removeUsersOrGroupsFromRole(role.role, room: room.chatRoomUri, references: principals)
            }
            let verb = change == "grant" ? "granted \(role.rawValue) to" : "revoked \(role.rawValue) from"
            Output(json: global.json).line(
                ["change": change, "room": room.name, "roomUri": room.chatRoomUri.description, "role": role.rawValue, "principals": principals],
                text: "\(verb) \(principals.joined(separator: ", ")) in \(room.name)")
            await endpoint.terminate()
        }
    }
}

struct Grant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Give principals a role on a room (managers only).",
        discussion: "A presenter must also be a member. Principals must be in the scope of the room's category.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: RoleChangeArguments

    func run() async throws { try await change.apply("grant", global: global) }
}

struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Take a role on a room away from principals (managers only).",
        discussion: "Members removed lose their presenter role too.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var change: RoleChangeArguments

    func run() async throws { try await change.apply("revoke", global: global) }
}

struct Members: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List who holds the member, manager and presenter roles of a room.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room, by name or ma-chan:// URI.") var room: String
    @Option(help: "Only this role (default: all three, grouped).") var role: RoleArgument?

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let room = try await endpoint.room(self.room)
            let management = endpoint.persistentChatServices.chatRoomManagementServices
            let output = Output(json: global.json)
            for role in role.map({ [$0] }) ?? RoleArgument.allCases {
                let holders = switch role {
                case .member: try await management.getMembers(room.chatRoomUri)
                case .manager: try await management.getManagers(room.chatRoomUri)
                case .presenter: try await management.getPresenters(room.chatRoomUri)
                }
                if !output.json { emit("\(role.rawValue)s of \(room.name) (\(holders.count)):") }
                for holder in holders { output.holder(holder, role: role, room: room) }
            }
            await endpoint.terminate()
        }
    }
}

extension Output {
    /// One role holder: the principal, its type, and who added it when (configuration when never changed).
    func holder(_ holder: PersistentChatRoleDescriptor, role: RoleArgument, room: ChatRoom) {
        let principal = holder.principal
        let addedOn = holder.addedOn == 0 ? nil : iso8601(Date(millisecondsSince1970: holder.addedOn))
        let added = holder.addedBy.isEmpty && addedOn == nil
            ? "set by configuration"
            : "added by \(holder.addedBy.isEmpty ? "configuration" : holder.addedBy)\(addedOn.map { " on \($0)" } ?? "")"
        line([
            "room": room.name, "roomUri": room.chatRoomUri.description, "role": role.rawValue,
            "principal": principal.reference, "name": principal.name, "displayName": principal.displayName,
            "type": principal.type.rawValue, "addedBy": holder.addedBy, "addedOn": orNull(addedOn),
        ], text: "  \(principal.reference)\t\(principal.type.rawValue)\t\(added)")
    }
}
