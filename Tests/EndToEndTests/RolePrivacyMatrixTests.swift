import PersistentChat
import Testing

/// Every caller kind × every room kind × every operation, checked over the wire against one table.
///
/// The rooms live in category Projects (scope OU=Staff): the creator (alice) creates each with
/// `createChatRoom`, makes bob and grace members, frank a manager (not a member) and grace a presenter,
/// and posts one seed message. heidi (OU=Staff) has no role; echobot (OU=Bots) is out of scope.
@Suite struct RolePrivacyMatrixTests {
    /// One row: a caller in a room, and the expected outcome of each operation in `MatrixOperation` order.
    struct Row: Sendable {
        let caller: MatrixCaller
        let room: MatrixRoom
        let cells: [Outcome]
        init(_ caller: MatrixCaller, _ room: MatrixRoom, _ cells: [Outcome]) {
            self.caller = caller
            self.room = room
            self.cells = cells
        }
    }

    // The refusals that appear in the table.
    static let membersOnly = Outcome.refused(.errorPermission, .membersOnly)
    static let presentersOnly = Outcome.refused(.errorPermission, .presentersOnly)
    static let notManager = Outcome.refused(.errorPermission, .notManager)

    /// The expected outcome of every cell.
    ///
    /// Rules (Lync Persistent Chat): open rooms are seen and joined by everyone in scope; closed rooms are seen by
    /// everyone in scope and joined by members; secret rooms are seen and joined by members only, and to anyone else
    /// they look like a room that does not exist. In an auditorium only presenters post. Managers change the room
    /// and grant roles even when not members, but the role alone does not let them into a closed or secret room.
    /// Reading a room's settings (`getChatRoom`) needs seeing it, or managing it. Reading and searching history
    /// needs what joining needs. Nothing in the category exists for a caller out of its scope. A post whose join
    /// is refused gets the join's refusal. Uploading a file follows posting; downloading one follows reading history,
    /// and a file in a room the caller cannot see does not exist for them.
    static let table: [Row] = {
        let ok = Outcome.allowed, hidden = Outcome.hidden
        let (membersOnly, presentersOnly, notManager) = (Self.membersOnly, Self.presentersOnly, Self.notManager)
        return [
            // Columns: browse, getRoom, join, post, readHistory, search, upload, download, manage, grant.
            Row(.creator, .openNormal,          [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok]),
            Row(.creator, .openAuditorium,      [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             ok,             ok]),
            Row(.creator, .closedNormal,        [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok]),
            Row(.creator, .closedAuditorium,    [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             ok,             ok]),
            Row(.creator, .secretNormal,        [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok]),
            Row(.creator, .secretAuditorium,    [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             ok,             ok]),

            Row(.manager, .openNormal,          [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok]),
            Row(.manager, .openAuditorium,      [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             ok,             ok]),
            Row(.manager, .closedNormal,        [ok,             ok,             membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    ok,             ok]),
            Row(.manager, .closedAuditorium,    [ok,             ok,             membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    ok,             ok]),
            // getRoom: a manager who is not a member still reads a secret room's settings by URI. Without that,
            // the SDK could not build the `ChatRoomInformation` that `updateChatRoom` needs, and "managers change
            // the room even when not members" could not hold (docs/architecture.md, "Departures from the agreed design, and why").
            Row(.manager, .secretNormal,        [hidden,         ok,             hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         ok,             ok]),
            Row(.manager, .secretAuditorium,    [hidden,         ok,             hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         ok,             ok]),

            Row(.member, .openNormal,           [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.member, .openAuditorium,       [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             notManager,     notManager]),
            Row(.member, .closedNormal,         [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.member, .closedAuditorium,     [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             notManager,     notManager]),
            Row(.member, .secretNormal,         [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.member, .secretAuditorium,     [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             notManager,     notManager]),

            Row(.presenter, .openNormal,        [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.presenter, .openAuditorium,    [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.presenter, .closedNormal,      [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.presenter, .closedAuditorium,  [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.presenter, .secretNormal,      [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.presenter, .secretAuditorium,  [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),

            Row(.inScopeNoRole, .openNormal,       [ok,             ok,             ok,             ok,             ok,             ok,             ok,             ok,             notManager,     notManager]),
            Row(.inScopeNoRole, .openAuditorium,   [ok,             ok,             ok,             presentersOnly, ok,             ok,             presentersOnly, ok,             notManager,     notManager]),
            Row(.inScopeNoRole, .closedNormal,     [ok,             ok,             membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    notManager,     notManager]),
            Row(.inScopeNoRole, .closedAuditorium, [ok,             ok,             membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    membersOnly,    notManager,     notManager]),
            Row(.inScopeNoRole, .secretNormal,     [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
            Row(.inScopeNoRole, .secretAuditorium, [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),

            Row(.outOfScope, .openNormal,       [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
            Row(.outOfScope, .openAuditorium,   [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
            Row(.outOfScope, .closedNormal,     [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
            Row(.outOfScope, .closedAuditorium, [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
            Row(.outOfScope, .secretNormal,     [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
            Row(.outOfScope, .secretAuditorium, [hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden,         hidden]),
        ]
    }()

    @Test func theTableCoversEveryCallerInEveryRoomOnce() {
        let pairs = Self.table.map { "\($0.caller)/\($0.room)" }
        #expect(Set(pairs).count == pairs.count, "a caller/room pair appears twice")
        #expect(pairs.count == MatrixCaller.allCases.count * MatrixRoom.allCases.count)
        for row in Self.table {
            #expect(row.cells.count == MatrixOperation.allCases.count, "\(row.caller) × \(row.room) has \(row.cells.count) cells")
        }
    }

    @Test(arguments: TestDirectoryKind.allCases)
    func everyCellBehavesAsTheTableSays(directory: TestDirectoryKind) async throws {
        try await MatrixFixture.with(directory: directory) { fixture in
            var checked = 0
            for row in Self.table {
                let target = try #require(fixture.targets[row.room])
                for (operation, expected) in zip(MatrixOperation.allCases, row.cells) {
                    let observed = await fixture.observe(operation, by: row.caller, in: target)
                    #expect(observed == expected,
                            "\(row.caller) (\(row.caller.user)) × \(row.room) (\(row.room.name)) × \(operation): expected \(expected), got \(observed)")
                    checked += 1
                }
            }
            #expect(checked == MatrixCaller.allCases.count * MatrixRoom.allCases.count * MatrixOperation.allCases.count)

            // The control: for a room that does not exist, every caller gets exactly what `.hidden` stands for.
            let missing = try fixture.missingTarget()
            for caller in MatrixCaller.allCases {
                for operation in MatrixOperation.allCases {
                    let observed = await fixture.observe(operation, by: caller, in: missing)
                    #expect(observed == .hidden, "\(caller) × missing room × \(operation): expected hidden, got \(observed)")
                }
            }
        }
    }
}
