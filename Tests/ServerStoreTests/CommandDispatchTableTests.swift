import PersistentChatProtocol
import Testing
@testable import PersistentChatServer

/// The server's command table holds one handler for every catalogued command, and a wrong set of handlers is reported.
@Suite struct CommandDispatchTableTests {
    private static func problems(_ handlers: [CommandHandler],
                                 catalog: [any ChatCommand.Type] = CommandCatalog.all) -> CommandTableProblems? {
        guard case .failure(let problems) = CommandTable.build(handlers, catalog: catalog) else { return nil }
        return problems
    }

    private static func same(_ one: any ChatCommand.Type, _ other: any ChatCommand.Type) -> Bool {
        ObjectIdentifier(one) == ObjectIdentifier(other)
    }

    @Test func everyCataloguedCommandHasExactlyOneHandler() throws {
        let handlers = ServerCommands.handlers
        let table = try CommandTable.build(handlers).get()
        for command in CommandCatalog.all {
            let handler = try #require(table.handler(for: command), "no handler for '\(command.name)'")
            #expect(Self.same(handler.command, command))
            #expect(handlers.filter { Self.same($0.command, command) }.count == 1, "'\(command.name)' is handled more than once")
        }
        #expect(handlers.count == CommandCatalog.all.count)
    }

    @Test func onlyEstablishOpensAConnection() {
        let opening = ServerCommands.handlers.filter {
            if case .opening = $0.stage { true } else { false }
        }
        #expect(opening.map { $0.command.name } == [EstablishRequest.name])
    }

    @Test func aCommandWithoutHandlerIsReported() throws {
        let handlers = ServerCommands.handlers.filter {
            !Self.same($0.command, JoinRequest.self) && !Self.same($0.command, PostRequest.self)
        }
        let problems = try #require(Self.problems(handlers))
        #expect(problems == CommandTableProblems(missing: [JoinRequest.name, PostRequest.name]))
        #expect(problems.description.contains("no handler for join, grpchat"))
    }

    @Test func aCommandWithTwoHandlersIsReported() throws {
        let handlers = ServerCommands.handlers + [.core(ServerInfoRequest.self) { _, _, core in core.serverInfo }]
        let problems = try #require(Self.problems(handlers))
        #expect(problems == CommandTableProblems(duplicated: [ServerInfoRequest.name]))
    }

    @Test func aHandlerForACommandOutsideTheCatalogIsReported() throws {
        let catalog = CommandCatalog.all.filter { !Self.same($0, FileDownloadRequest.self) }
        let problems = try #require(Self.problems(ServerCommands.handlers, catalog: catalog))
        #expect(problems == CommandTableProblems(notCatalogued: [FileDownloadRequest.name]))
    }

    @Test func theTableFindsAHandlerByTheCommandsType() throws {
        let table = try CommandTable.build(ServerCommands.handlers).get()
        let handler = try #require(table.handler(for: ServerInfoRequest() as any ChatCommand))
        #expect(Self.same(handler.command, ServerInfoRequest.self))
        let terminate = try #require(table.handler(for: TerminateRequest() as any ChatCommand))
        #expect(Self.same(terminate.command, TerminateRequest.self))
    }
}
