import Foundation
import PersistentChatProtocol

/// One valid frame of every command a client can send, the starting points of the client frame fuzzer.
enum ClientFrameSeeds {
    static let domain = "contoso.com"

    static func frames() throws -> [ClientFrame] {
        guard let room = ChatRoomURI("ma-chan://contoso.com/11111111-2222-3333-4444-555555555555"),
              let user = SIPURI("sip:alice@contoso.com") else { throw SeedError() }
        let category = CategoryURI(domain: domain, id: UUID(uuidString: "AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE") ?? UUID())
        let query = HistoryQueryPayload(searchString: "deploy \"prod\"", exactPhrase: true, authors: [user],
                                        from: 1_700_000_000_000, to: 1_800_000_000_000, resultLimit: 50,
                                        startingMessageId: 42)
        let commands: [any ChatCommand] = [
            EstablishRequest(user: "sip:alice@contoso.com", password: "pw \u{1F511}", client: "fuzz"),
            EstablishRequest(user: "sip:alice@contoso.com", sessionToken: "tok-_0", client: "fuzz", issueSessionToken: true),
            ServerInfoRequest(), TerminateRequest(), RevokeSessionTokenRequest(token: "tok-_0"),
            BrowseRequest(criteria: "help", searchDescription: true, matchAll: true, matchExactPhrase: false, maxResults: 10),
            BrowseFilterRequest(searchTerms: "ops", searchDescription: true, member: "sip:bob@contoso.com", category: category),
            BrowseCategoryRequest(category: category, maxResults: 5),
            BrowseJoinedUserRequest(user: user),
            BrowseMyRoomsRequest(.manager, maxResults: 3),
            BrowseInvitationsRequest(since: 7),
            JoinRequest(room: .name("help-desk"), history: 5),
            LeaveRequest(room: room),
            PostRequest(room: room, clientMessageId: "c-1", text: "hello \"world\"\n\u{1F680}", alert: true, storyTitle: "story"),
            HistoryRequest(room: .uri(room), last: 20),
            QueryHistoryRequest(rooms: [room], query: query),
            HiddenParticipantsRequest(room: room),
            CreateRoomRequest(name: "new room", category: category, description: "d", behavior: .auditorium,
                              visibleOnlyToMembers: true, privacy: .secret, members: ["sip:bob@contoso.com"], addIn: "Runbook"),
            UpdateRoomRequest(room: room, name: "renamed", description: "", privacy: .open, behavior: .normal,
                              disabled: false, invitations: .inherit, members: ["CN=Bob,DC=contoso,DC=com"], addIn: ""),
            GetRoomRequest(room: .uri(room)),
            ChangeCategoryRequest(room: room, category: category),
            FindCategoriesWithCreateRightsRequest(),
            FindRoomsByCategoryRequest(category: category),
            FindPrincipalsForRoleRequest(role: .presenter, room: room, search: "bo"),
            ChangeRoleRequest(.add, role: .manager, room: room, principals: ["sip:bob@contoso.com"]),
            GetRoleHoldersRequest(role: .member, room: room),
            GetCategoryUsersRequest(category: category, filter: "a", resultSize: 10),
            GetPermissionsRequest(room: room),
            GetAllAddInsRequest(), FindRoomsUsingAddInRequest(addIn: "Runbook"),
            FindUsersRequest(lastName: "Smith", firstName: nil, email: "a@contoso.com"),
            GetUserRequest(user: user),
            GetUserGroupRequest(group: "CN=Ops,DC=contoso,DC=com"),
            GetPreferenceRequest(label: "layout", sequenceId: 3, provideDefault: true),
            SetPreferenceRequest(bundle: PreferenceBundlePayload(label: "layout", sequenceId: 4, data: "{\"a\":1}")),
            FileUploadRequest(room: room, fileName: "report.pdf", size: 12_345),
            FileDownloadRequest(file: "file://contoso.com/1"),
        ]
        return commands.enumerated().map { ClientFrame(seq: $0.offset + 1, command: $0.element) }
    }

    /// Each frame as `JSONEncoder` writes it, compact and pretty with sorted keys.
    static func encoded() throws -> [[UInt8]] {
        let pretty = JSONEncoder()
        pretty.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try frames().flatMap { frame in
            [Array(try JSONEncoder().encode(frame)), Array(try pretty.encode(frame))]
        }
    }

    /// Keys and values of client frames, spliced into inputs.
    static let vocabulary = [
        #""v":1,"#, #""v":2,"#, #""seq":5,"#, #""seq":-1,"#, #""type":"grpchat","#, #""type":"cmd","#, #""cmd":"join","#,
        #""cmd":"post","#, #""data":{},"#, #""data":null,"#, #""room":"ma-chan://contoso.com/11111111-2222-3333-4444-555555555555","#,
        #""room":"ma-chan://x/not-a-guid","#, #""text":"x","#, #""alert":true,"#, #""alert":"yes","#, #""clientMessageId":null,"#,
        #""storyTitle":"t","#, #""name":"help-desk","#, "null", "true", "[]", "{}", #""""#, ",", ":",
    ]

    struct SeedError: Error {}
}
