import PersistentChatProtocol

/// The add-ins registered in server.yaml, as clients see them, found by name (ignoring case). A room keeps the name
/// it was given: while no add-in of that name is registered (it was removed at a reload), the room shows none.
struct AddInRegistry: Sendable {
    /// In server.yaml's order.
    let all: [AddInPayload]
    private let byName: [String: AddInPayload]

    init(_ definitions: [AddInDefinition] = []) {
        all = definitions.map(\.payload)
        byName = Dictionary(all.map { ($0.name.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The add-in registered as `name`, ignoring case; nil for nil or an unknown name.
    func named(_ name: String?) -> AddInPayload? {
        name.flatMap { byName[$0.lowercased()] }
    }

    /// The exact origins of the registered add-ins, without repeats: the frames the web client's page may show.
    var frameOrigins: [String] {
        var seen = Set<String>()
        return all.compactMap { WebClientHeaders.origin(of: $0.url) }.filter { seen.insert($0).inserted }
    }
}
