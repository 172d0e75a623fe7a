import ArgumentParser
import Foundation
import PersistentChat

struct UpdateRoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update-room",
        abstract: "Change a room's settings (managers only); what is not given stays as it is.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room, by name or ma-chan:// URI.") var room: String
    @Option(help: "A new name.") var name: String?
    @Option(help: "A new description.") var description: String?
    @Option(help: "Who can find and join the room.") var privacy: PrivacyArgument?
    @Flag var behavior: BehaviorFlag?
    @Flag var enabled: EnabledFlag?
    @Option(help: "inherit: follow the category's setting; false: never send invitations.") var invitations: InvitationArgument?

    func validate() throws {
        if name == nil, description == nil, privacy == nil, behavior == nil, enabled == nil, invitations == nil {
            throw ValidationError("nothing to change: give at least one of --name, --description, --privacy, --auditorium/--normal, --disable/--enable, --invitations")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            var information = ChatRoomInformation(try await endpoint.room(room))
            if let name { information.name = name }
            if let description { information.description = description }
            if let privacy { information.privacy = privacy.privacy }
            if let behavior { information.isAuditorium = behavior == .auditorium }
            if let enabled { information.isDisabled = enabled == .disable }
            if let invitations { information.sendInvitationsToMembers = invitations.setting }
            try await endpoint.persistentChatServices.chatRoomManagementServices.updateChatRoom(information)
            Output(json: global.json).line([
                "uri": information.chatRoomUri.description, "name": information.name, "description": information.description,
                "privacy": information.privacy.rawValue, "behavior": information.isAuditorium ? "auditorium" : "normal",
                "disabled": information.isDisabled, "invitations": information.sendInvitationsToMembers.rawValue,
            ], text: "updated \(information.name): \(information.privacy.rawValue), \(information.isAuditorium ? "auditorium" : "normal"), "
                + "\(information.isDisabled ? "disabled" : "enabled"), invitations \(information.sendInvitationsToMembers.rawValue)")
            await endpoint.terminate()
        }
    }
}
