import ArgumentParser
import Foundation
import PersistentChat

struct CreateRoom: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create-room",
        abstract: "Create a room in a category where you hold the Creator role; prints its URI.",
        discussion: "You become the room's manager and a member. New rooms are closed unless --privacy says otherwise.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The new room's name (unique on the server).") var name: String
    @Option(help: ArgumentHelp("The category, by name (case-insensitive) or ma-cat:// URI.", valueName: "name-or-uri"))
    var category: String
    @Option(help: "The room's description.") var description: String = ""
    @Option(help: "Who can find and join the room (default: closed).") var privacy: PrivacyArgument?
    @Flag(help: "Make it an auditorium: only presenters may post.") var auditorium = false
    @Option(name: .customLong("member"), help: ArgumentHelp("Another member: a sip: URI or a distinguished name (repeat for more).", valueName: "principal"))
    var members: [String] = []
    @Flag(help: "Send no invitations for this room, whatever the category says.") var noInvitations = false

    func validate() throws {
        try validatePrincipals(members)
    }

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let category = try await endpoint.creationCategory(self.category)
            var settings = ChatRoomSettings(name: name, parentCategoryUri: category.uri)
            settings.description = description
            settings.privacy = privacy?.privacy
            settings.isAuditorium = auditorium
            settings.members = members
            settings.sendInvitationsToMembers = noInvitations ? .false : .inherit
            let uri = try await endpoint.persistentChatServices.chatRoomManagementServices.createChatRoom(settings)
            Output(json: global.json).line(
                ["uri": uri.description, "name": name, "category": category.name, "categoryUri": category.uri.description],
                text: uri.description)
            await endpoint.terminate()
        }
    }
}
