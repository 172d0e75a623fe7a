import ArgumentParser
import Foundation
import PersistentChat
import UnixSignals

struct Invitations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List your room invitations; with --watch, keep printing new ones until interrupted.",
        discussion: "Without --watch the last line gives the id to pass as --since next time.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Only invitations with ids above this one.") var since: Int = 0
    @Flag(help: "After the list, print invitations as they arrive until SIGINT or SIGTERM.") var watch = false

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let output = Output(json: global.json)
            // Trap signals and subscribe before listing, so nothing arrives unseen in between.
            let signals: UnixSignalsSequence? = if watch { await UnixSignalsSequence(trapping: .sigint, .sigterm) } else { nil }
            let live = watch ? endpoint.invitationsReceived() : nil
            let (invitations, lastId) = try await endpoint.persistentChatServices.browseChatRoomsByInvitations(since: since)
            invitations.forEach(output.invitation)
            guard let signals, let live else {
                output.line(["lastInviteId": lastId], text: "\(invitations.count) \(invitations.count == 1 ? "invitation" : "invitations"); next time: --since \(lastId)")
                await endpoint.terminate()
                return
            }
            note("watching for invitations; Ctrl-C stops")
            let ended = await Self.watch(endpoint, live: live, after: lastId, signals: signals, output: output)
            await endpoint.terminate()
            if ended {
                note("the connection to the server ended")
                throw ExitCode(3)
            }
        }
    }

    /// Prints invitations above `lastId` until a signal (false) or the end of the connection (true).
    private static func watch(_ endpoint: PersistentChatEndpoint, live: AsyncStream<ChatRoomInvitation>, after lastId: Int,
                              signals: UnixSignalsSequence, output: Output) async -> Bool {
        let printer = Task {
            for await invitation in live where invitation.invId > lastId { output.invitation(invitation) }
        }
        defer { printer.cancel() }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                for await _ in signals { return false }
                return false
            }
            group.addTask {
                for await state in endpoint.stateChanges() where state == .terminated { return true }
                return true
            }
            let ended = await group.next() ?? false
            group.cancelAll()
            return ended
        }
    }
}

extension Output {
    /// One invitation: its id, the room and when it was sent.
    func invitation(_ invitation: ChatRoomInvitation) {
        let room = invitation.chatRoomSnapshot
        let time = iso8601(invitation.createdOn)
        line([
            "id": invitation.invId, "room": room.name, "roomUri": room.chatRoomUri.description,
            "category": room.parentCategoryName, "privacy": room.privacy.rawValue, "description": room.description,
            "createdOn": time,
        ], text: "#\(invitation.invId) [\(time)] \(room.name)\t\(room.privacy.rawValue)\t\(room.chatRoomUri)\t\(room.description)")
    }
}
