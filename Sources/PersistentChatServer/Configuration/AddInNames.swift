import YAMLConfig

/// The rules on add-in names that span server.yaml's keys: each name once, ignoring case (Lync
/// `DuplicateAddinName`), and each room's `add_in` a registered one.
enum AddInNames {
    /// Throws naming the key of the first duplicate add-in or unknown `add_in`; sets each room's `add_in` to the name as
    /// registered.
    static func check(_ addIns: [AddInDefinition], rooms: inout [RoomDefinition], yaml: YAMLConfigFile) throws(ConfigError) {
        typealias K = ConfigKey
        var registered: [String: String] = [:]
        for (index, addIn) in addIns.enumerated() {
            if let first = registered.updateValue(addIn.name, forKey: addIn.name.lowercased()) {
                throw yaml.error(at: [K("add_ins"), K(index), K("name")],
                                 "an add-in named '\(first)' is already defined (add-in names are unique, ignoring case)")
            }
        }
        for index in rooms.indices {
            guard let name = rooms[index].addIn else { continue }
            guard let known = registered[name.lowercased()] else {
                let names = addIns.map(\.name).joined(separator: ", ")
                throw yaml.error(at: [K("rooms"), K(index), K("add_in")],
                                 "no add-in named '\(name)' (registered in add_ins: \(names.isEmpty ? "none" : names))")
            }
            rooms[index].addIn = known
        }
    }
}
