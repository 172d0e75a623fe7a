import ArgumentParser
import Foundation
import PersistentChat

struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Find users whose last name, first name or e-mail contains the text given (any may match).")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Text in the last name.") var last: String?
    @Option(help: "Text in the first name.") var first: String?
    @Option(help: "Text in the e-mail address.") var email: String?

    func validate() throws {
        guard [last, first, email].contains(where: { !($0 ?? "").allSatisfy(\.isWhitespace) }) else {
            throw ValidationError("give --last, --first or --email to search for")
        }
    }

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let (users, more) = try await endpoint.persistentChatServices.userServices.findUsers(lastName: last, firstName: first, email: email)
            let output = Output(json: global.json)
            for user in users {
                output.line([
                    "uri": orNull(user.uri?.value), "reference": user.reference, "name": user.name,
                    "displayName": user.displayName, "type": user.type.rawValue, "dn": orNull(user.adPath),
                ], text: "\(user.displayName.isEmpty ? user.name : user.displayName)\t\(user.uri?.value ?? user.reference)\t\(user.adPath ?? "")")
            }
            if more { note("more users match than were listed; refine the search") }
            await endpoint.terminate()
        }
    }
}
