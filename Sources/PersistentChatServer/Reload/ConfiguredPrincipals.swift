import PersistentChatDirectory
import YAMLConfig

/// The principals server.yaml names (category scopes and creators, system users, room roles), checked against a
/// directory: at start each must parse and resolve; at a reload the ones that no longer resolve are logged.
enum ConfiguredPrincipals {
    /// One problem per principal that does not parse or names nothing in `directory`, in file order.
    static func problems(in configuration: ServerConfiguration, directory: Directory) -> [ConfigError] {
        var problems: [ConfigError] = []
        func check(_ list: [String], _ key: String) {
            for (index, text) in list.enumerated() {
                let reference: PrincipalReference
                do {
                    reference = try PrincipalReference(parsing: text)
                } catch {
                    problems.append(ConfigError(file: configuration.sourceFile, key: "\(key)[\(index)]", reason: "\(error)"))
                    continue
                }
                if directory.resolve(reference) == nil {
                    problems.append(ConfigError(file: configuration.sourceFile, key: "\(key)[\(index)]",
                                                reason: "'\(text)' is not a user, group, organizational unit or domain in the directory"))
                }
            }
        }
        for (index, category) in configuration.categories.enumerated() {
            check(category.scope, "categories[\(index)].scope")
            check(category.creators, "categories[\(index)].creators")
        }
        check(configuration.systemUsers, "system_users")
        for (index, room) in configuration.rooms.enumerated() {
            check(room.members, "rooms[\(index)].members")
            check(room.managers, "rooms[\(index)].managers")
            check(room.presenters, "rooms[\(index)].presenters")
        }
        return problems
    }
}
