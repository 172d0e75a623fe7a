import ArgumentParser
import Foundation
import PersistentChat
import UnixSignals

struct WhoAmI: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "whoami", abstract: "Show who you are signed in as and the server's limits.")
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let user = endpoint.user
            let server = try endpoint.persistentChatServices.serverConfiguration
            Output(json: global.json).line([
                "user": user?.uri.value ?? "", "displayName": user?.displayName ?? "", "server": global.server,
                "domain": server.domainName, "serverName": server.displayName, "messageSizeLimit": server.messageSizeLimit,
                "defaultChatHistory": server.defaultChatHistory,
            ], text: "\(user?.displayName ?? "") <\(user?.uri.value ?? "")> on \(server.displayName) (\(global.server))")
            await endpoint.terminate()
        }
    }
}

struct Rooms: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the rooms you can see, optionally matching words in their names.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Words to look for in room names.") var criteria: String = ""
    @Flag(help: "Also search room descriptions.") var description = false
    @Flag(help: "Every word must match (else any).") var all = false
    @Flag(help: "Match the criteria as one phrase.") var exact = false
    @Option(help: "Return at most this many rooms.") var max: Int = -1

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let rooms = try await endpoint.persistentChatServices.browseChatRoomsByCriteria(
                criteria, searchDescription: description, matchAll: all, matchExactPhrase: exact, maxResults: max)
            let output = Output(json: global.json)
            rooms.forEach(output.room)
            await endpoint.terminate()
        }
    }
}

struct Post: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Post a message to a room (by name or ma-chan:// URI).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room.") var room: String
    @Argument(help: "The text.") var text: String
    @Flag(help: "Post as an alert.") var alert = false

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(room, history: 0)
            let id = try await session.sendChatMessage(text, alert: alert)
            Output(json: global.json).line(["id": id, "room": session.name], text: "posted #\(id) to \(session.name)")
            await endpoint.terminate()
        }
    }
}

struct History: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print a room's last messages, oldest first.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room.") var room: String
    @Option(help: "How many messages.") var last: Int = 30

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let reference: RoomReference = ChatRoomURI(room).map(RoomReference.uri) ?? .name(room)
            let messages = try await endpoint.persistentChatServices.getRecentChatHistory(room: reference, count: last)
            let output = Output(json: global.json)
            messages.forEach(output.message)
            await endpoint.terminate()
        }
    }
}

struct Tail: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Join a room and print its messages until interrupted.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "The room.") var room: String
    @Option(help: "How many earlier messages to print first.") var last: Int = 10

    func run() async throws {
        try await reportingFailures {
            let endpoint = try await global.connect()
            let session = ChatRoomSession(endpoint: endpoint)
            try await session.join(room, history: last)
            // Trapped before anything is printed, so whoever waits for the first line may then interrupt.
            let signals = await UnixSignalsSequence(trapping: .sigint, .sigterm)
            let output = Output(json: global.json)
            session.joinHistory.forEach(output.message)
            let printer = Task {
                for await message in session.messages { output.message(message) }
            }
            // The loops run in the group's own tasks, so cancelling the group ends them. (Awaiting the value of
            // separate Tasks here would never end: cancelling a waiter does not cancel the Task it waits for.)
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await _ in signals { return }
                }
                group.addTask {
                    for await event in session.events {
                        if case .stateChanged(.terminated, let reason) = event {
                            if let reason { FileHandle.standardError.write(Data("pchat: \(reason.message)\n".utf8)) }
                            return
                        }
                    }
                }
                await group.next()
                group.cancelAll()
            }
            printer.cancel()
            if session.state == .established { try? await session.leave() }
            await endpoint.terminate()
        }
    }
}

extension ChatRoomSession {
    /// Joins by URI when `room` is one, else by name.
    func join(_ room: String, history: Int) async throws {
        if let uri = ChatRoomURI(room) {
            try await join(uri: uri, history: history)
        } else {
            try await join(name: room, history: history)
        }
    }
}
