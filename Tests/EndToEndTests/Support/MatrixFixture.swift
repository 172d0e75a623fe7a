import Foundation
import PersistentChat
import PersistentChatDirectory

/// Who calls, in the role and privacy matrix: one directory user per kind of caller.
enum MatrixCaller: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Created every room with `createChatRoom` (so manager and member).
    case creator
    /// A manager of every room who is not a member.
    case manager
    /// A member of every room.
    case member
    /// A member and presenter of every room.
    case presenter
    /// In the category's scope (OU=Staff), with no role in any room.
    case inScopeNoRole
    /// Outside the category's scope (OU=Bots).
    case outOfScope

    var user: String {
        switch self {
        case .creator: "alice"
        case .manager: "frank"
        case .member: "bob"
        case .presenter: "grace"
        case .inScopeNoRole: "heidi"
        case .outOfScope: "echobot"
        }
    }

    var sip: String { "sip:\(user)@contoso.com" }
    var description: String { rawValue }
}

/// The six rooms: {open, closed, secret} × {normal, auditorium}, all in category Projects (scope OU=Staff).
enum MatrixRoom: String, CaseIterable, Sendable, CustomStringConvertible {
    case openNormal, openAuditorium, closedNormal, closedAuditorium, secretNormal, secretAuditorium

    var privacy: ChatRoomPrivacy {
        switch self {
        case .openNormal, .openAuditorium: .open
        case .closedNormal, .closedAuditorium: .closed
        case .secretNormal, .secretAuditorium: .secret
        }
    }

    var isAuditorium: Bool { [.openAuditorium, .closedAuditorium, .secretAuditorium].contains(self) }
    var name: String { "matrix-\(privacy.rawValue)-\(isAuditorium ? "auditorium" : "normal")" }
    var description: String { rawValue }
}

/// What a caller tries, without any earlier join unless stated.
enum MatrixOperation: String, CaseIterable, Sendable, CustomStringConvertible {
    /// The room is listed by `browseChatRoomsByCriteria`.
    case browse
    /// `getChatRoom` by URI.
    case getRoom
    /// `ChatRoomSession.join(name:)` (then leave).
    case join
    /// Join, then `sendChatMessage` (then leave); when the join is refused, that refusal.
    case post
    /// `PersistentChatServices.getRecentChatHistory` without joining; must include the creator's seed message.
    case readHistory
    /// `PersistentChatServices.queryChatHistory` for the seed message's word without joining; must find it.
    case search
    /// Join, then `uploadFile` of a small file (then leave); when the join is refused, that refusal.
    case upload
    /// From a session in the open room `help-desk`, `downloadFile` of the creator's seed file; must match it.
    case download
    /// `updateChatRoom` changing the description.
    case manage
    /// `addUsersOrGroupsToRole(.member, …)` of another in-scope user (who is removed again afterwards).
    case grant

    var description: String { rawValue }
}

/// The outcome of one cell.
enum Outcome: Equatable, Sendable, CustomStringConvertible {
    /// Succeeded (for browse: listed; for history and search: the seed message came back).
    case allowed
    /// Refused with this code and detail (the room is visible to the caller).
    case refused(PersistentChatErrorCode, ErrorDetail)
    /// Not listed by browse; every other operation answers `NoSuchNode` / `room.noSuchRoom`, as for a missing room.
    case hidden
    /// Only ever observed: something no expectation describes (an error thrown by the SDK, wrong content, …).
    case broken(String)

    init(_ error: any Error) {
        guard let error = error as? PersistentChatError else {
            self = .broken("threw \(type(of: error)): \(error)")
            return
        }
        if error.kind != .commandFailed {
            self = .broken("the SDK threw \(error.kind): \(error)")
        } else if error.code == .noSuchNode, error.detail == .noSuchRoom || error.detail == .noSuchFile {
            self = .hidden
        } else {
            self = .refused(error.code, error.detail)
        }
    }

    var description: String {
        switch self {
        case .allowed: "allowed"
        case .refused(let code, let detail): "refused(\(code), \(detail))"
        case .hidden: "hidden (NoSuchNode, room.noSuchRoom / not listed)"
        case .broken(let why): "broken: \(why)"
        }
    }
}

/// A room as the test knows it: its name, its settings as read after setup, and the creator's seed message.
struct MatrixTarget: Sendable {
    let name: String
    let room: ChatRoom
    let seed: String
    /// The creator's seed file, posted to the room.
    let file: MessagePartPayload
    var uri: ChatRoomURI { room.chatRoomUri }
}

/// One pchatd with the matrix rooms set up through the management API, and one established endpoint per caller.
struct MatrixFixture {
    /// The in-scope user the `grant` operation makes a member.
    static let grantee = "sip:ivan@contoso.com"
    /// The word every seed message carries, for `search`.
    static let seedWord = "kumquat"

    let server: TestServer
    let endpoints: [MatrixCaller: PersistentChatEndpoint]
    let targets: [MatrixRoom: MatrixTarget]
    /// The creator's endpoint.
    let creator: PersistentChatEndpoint

    var management: ChatRoomManagementServices { creator.persistentChatServices.chatRoomManagementServices }

    /// Adds frank, grace, heidi and ivan in OU=Staff to the test directory.
    static var directory: DirectoryLDIFBuilder {
        var directory = TestDirectory.builder
        for name in ["Frank", "Grace", "Heidi", "Ivan"] { directory.addStaff(name, name.lowercased()) }
        return directory
    }

    /// Runs `body` with a fixture, as ``set(up:)`` makes it on a server of the extended directory; the server, its
    /// endpoints and its folder go away afterwards, also when `body` throws.
    static func with(directory kind: TestDirectoryKind = .ldif, _ body: (MatrixFixture) async throws -> Void) async throws {
        try await withTestFolder { folder in
            // TestServer.configuration(folder:) keeps a directory.ldif that already exists.
            try directory.ldif.write(to: folder.appendingPathComponent("directory.ldif"), atomically: true, encoding: .utf8)
            try await withTestServer(folder: folder, directory: kind) { server in
                try await body(try await set(up: server))
            }
        }
    }

    /// Connects every caller, creates the rooms as the creator, grants the roles and posts one seed message per room as
    /// the creator.
    private static func set(up server: TestServer) async throws -> MatrixFixture {
        let folder = server.folder
        var endpoints: [MatrixCaller: PersistentChatEndpoint] = [:]
        for caller in MatrixCaller.allCases { endpoints[caller] = try await server.connect(caller.user) }
        guard let alice = endpoints[.creator] else { throw MatrixSetupError("no endpoint for the creator") }
        let management = alice.persistentChatServices.chatRoomManagementServices
        let categories = try await management.findCategoriesWithCreateRights()
        guard let projects = categories.first(where: { $0.name == "Projects" }) else {
            throw MatrixSetupError("the creator may not create rooms in Projects: \(categories.map(\.name))")
        }
        var targets: [MatrixRoom: MatrixTarget] = [:]
        for room in MatrixRoom.allCases {
            var settings = ChatRoomSettings(name: room.name, parentCategoryUri: projects.uri)
            settings.description = "matrix room \(room)"
            settings.privacy = room.privacy
            settings.isAuditorium = room.isAuditorium
            settings.members = [MatrixCaller.member.sip, MatrixCaller.presenter.sip]
            let uri = try await management.createChatRoom(settings)
            try await management.addUsersOrGroupsToRole(.manager, room: uri, references: [MatrixCaller.manager.sip])
            try await management.addUsersOrGroupsToRole(.presenter, room: uri, references: [MatrixCaller.presenter.sip])

            // The seed message, by the creator. In an auditorium the creator is not a presenter, so becomes one
            // just for the seed post.
            let seed = "seed of \(room.name): \(seedWord)"
            if room.isAuditorium {
                try await management.addUsersOrGroupsToRole(.presenter, room: uri, references: [MatrixCaller.creator.sip])
            }
            let session = ChatRoomSession(endpoint: alice)
            try await session.join(uri: uri)
            try await session.sendChatMessage(seed)
            let uploaded = try await session.uploadFile(ChatRoomFileUploadJob(fileToUpload: try seedFile(in: folder)))
            try await session.leave()
            if room.isAuditorium {
                try await management.removeUsersOrGroupsFromRole(.presenter, room: uri, references: [MatrixCaller.creator.sip])
            }

            // The roles are as the matrix assumes.
            let members = Set(try await management.getMembers(uri).map(\.principal.reference))
            let managers = Set(try await management.getManagers(uri).map(\.principal.reference))
            let presenters = Set(try await management.getPresenters(uri).map(\.principal.reference))
            let want = (members: Set([MatrixCaller.creator, .member, .presenter].map(\.sip)),
                        managers: Set([MatrixCaller.creator, .manager].map(\.sip)), presenters: Set([MatrixCaller.presenter.sip]))
            guard members == want.members, managers == want.managers, presenters == want.presenters else {
                throw MatrixSetupError("\(room): members \(members.sorted()), managers \(managers.sorted()), presenters \(presenters.sorted())")
            }
            let stored = try await management.getChatRoom(uri)
            guard stored.privacy == room.privacy, stored.isAuditorium == room.isAuditorium else {
                throw MatrixSetupError("\(room): stored as \(stored.privacy), auditorium \(stored.isAuditorium)")
            }
            let file = MessagePartPayload.fileLink(name: seedFileName, size: Int64(seedFileContent.utf8.count), uri: uploaded.fileUri)
            targets[room] = MatrixTarget(name: room.name, room: stored, seed: seed, file: file)
        }
        return MatrixFixture(server: server, endpoints: endpoints, targets: targets, creator: alice)
    }

    /// A room that does not exist (a fresh URI and an unused name), shaped like a real one.
    func missingTarget() throws -> MatrixTarget {
        guard var room = targets[.openNormal]?.room else { throw MatrixSetupError("no room \(MatrixRoom.openNormal)") }
        room.chatRoomUri = ChatRoomURI(domain: "contoso.com", id: UUID())
        room.name = "matrix-nowhere"
        return MatrixTarget(name: room.name, room: room, seed: "", file: .fileLink(
            name: Self.seedFileName, size: 1, uri: "ma-filelink://contoso.com/\(UUID().uuidString.lowercased())"))
    }

    static let seedFileName = "seed.txt"
    static let seedFileContent = "the seed file of the matrix\n"

    /// The small file the creator posts to every room and callers upload.
    static func seedFile(in folder: URL) throws -> URL {
        let url = folder.appendingPathComponent(seedFileName)
        try seedFileContent.write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    /// Performs `operation` as `caller` over the wire and says what happened.
    func observe(_ operation: MatrixOperation, by caller: MatrixCaller, in target: MatrixTarget) async -> Outcome {
        guard let endpoint = endpoints[caller] else { return .broken("no endpoint for \(caller)") }
        let services = endpoint.persistentChatServices
        do {
            switch operation {
            case .browse:
                let rooms = try await services.browseChatRoomsByCriteria(target.name, matchExactPhrase: true)
                return rooms.contains { $0.name == target.name } ? .allowed : .hidden

            case .getRoom:
                let room = try await services.chatRoomManagementServices.getChatRoom(target.uri)
                return room.name == target.name ? .allowed : .broken("getChatRoom answered room '\(room.name)'")

            case .join:
                let session = ChatRoomSession(endpoint: endpoint)
                try await session.join(name: target.name, history: 0)
                try await session.leave()
                return .allowed

            case .post:
                let session = ChatRoomSession(endpoint: endpoint)
                try await session.join(name: target.name, history: 0)
                let posted: Result<Int64, PersistentChatError>
                do {
                    posted = .success(try await session.sendChatMessage("\(caller) posts in \(target.name)"))
                } catch {
                    posted = .failure(error)
                }
                try await session.leave()
                _ = try posted.get()
                return .allowed

            case .readHistory:
                let messages = try await services.getRecentChatHistory(room: .name(target.name), count: 100)
                return messages.contains { $0.messageContent == target.seed }
                    ? .allowed : .broken("the history (\(messages.count) messages) lacks the seed message")

            case .search:
                let results = try await services.queryChatHistory([target.uri], searchString: Self.seedWord)
                let found = results.first { $0.chatRoomUri == target.uri }?.messages ?? []
                return found.contains { $0.messageContent == target.seed }
                    ? .allowed : .broken("the search answered \(results.count) results without the seed message")

            case .upload:
                let session = ChatRoomSession(endpoint: endpoint)
                try await session.join(name: target.name, history: 0)
                let file = try Self.seedFile(in: server.folder)
                let uploaded: Result<FileUploadResult, PersistentChatError>
                do {
                    uploaded = .success(try await session.uploadFile(ChatRoomFileUploadJob(fileToUpload: file)))
                } catch {
                    uploaded = .failure(error)
                }
                try await session.leave()
                _ = try uploaded.get()
                return .allowed

            case .download:
                let session = ChatRoomSession(endpoint: endpoint)
                try await session.join(name: "help-desk", history: 0)
                let destination = server.folder.appendingPathComponent("download-\(UUID().uuidString)")
                let downloaded: Result<Void, PersistentChatError>
                do {
                    downloaded = .success(try await session.downloadFile(ChatRoomFileDownloadJob(link: target.file, destinationPath: destination)))
                } catch {
                    downloaded = .failure(error)
                }
                try await session.leave()
                try downloaded.get()
                let content = try String(contentsOf: destination, encoding: .utf8)
                return content == Self.seedFileContent ? .allowed : .broken("the download differs from the seed file")

            case .manage:
                var information = ChatRoomInformation(target.room)
                information.description = "changed by \(caller)"
                try await services.chatRoomManagementServices.updateChatRoom(information)
                return await checked("reading the room back") {
                    let now = try await management.getChatRoom(target.uri)
                    return now.description == information.description
                        ? .allowed : .broken("the update succeeded but the description is '\(now.description)'")
                }

            case .grant:
                try await services.chatRoomManagementServices.addUsersOrGroupsToRole(.member, room: target.uri, references: [Self.grantee])
                return await checked("reading the members back and undoing the grant") {
                    let members = try await management.getMembers(target.uri).map(\.principal.reference)
                    // Undo, so the next caller's grant starts from the same room.
                    try await management.removeUsersOrGroupsFromRole(.member, room: target.uri, references: [Self.grantee])
                    return members.contains(Self.grantee) ? .allowed : .broken("the grant succeeded but members are \(members)")
                }
            }
        } catch {
            return Outcome(error)
        }
    }
}

/// Runs the creator's follow-up check of an allowed change; its failure is the check's, not the caller's.
private func checked(_ what: String, _ body: () async throws -> Outcome) async -> Outcome {
    do {
        return try await body()
    } catch {
        return .broken("the change succeeded but \(what) failed: \(error)")
    }
}

struct MatrixSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
