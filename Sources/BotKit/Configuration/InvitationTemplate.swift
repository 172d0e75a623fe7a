import Logging
import PersistentChat
import YAMLConfig

/// The bots host.yaml's `invitations.bots` lists, made afresh for each room joined through an invitation (from the
/// host.yaml text read at load time, so a later edit of the file does not leak in before a restart).
struct InvitationTemplate: Sendable {
    let hostPath: String
    let hostText: String
    /// What a reload compares: the `invitations` section as written (its bots' `defaults` are read when a room is
    /// joined).
    let fingerprint: String
    let bots: [BotEntry]
    let registry: BotRegistry
    let logger: Logger

    /// The key under which such a room is kept (it has no room file).
    static func key(for uri: ChatRoomURI) -> String { "invitation:\(uri)" }

    /// A room for the invited room `uri` (nil: a trial at load time), served by `endpoint`, with the template's bots
    /// and the default command settings.
    func room(uri: ChatRoomURI?, name: String, endpoint: String) throws(ConfigError) -> HostConfiguration.Room {
        let yaml = try YAMLConfigFile(path: hostPath, text: hostText)
        let commands = RoomCommandSettings(nil, endpoint: endpoint)
        let context = BotSetupContext(room: name, endpointUri: endpoint, logger: logger.with(room: name))
        let instances = try RoomBots(hostFile: yaml, registry: registry)
            .make(bots, in: yaml, at: [ConfigKey("invitations"), ConfigKey("bots")], context: context, commands: commands)
        let file = uri.map(Self.key(for:)) ?? "invitation:(trial)"
        return HostConfiguration.Room(file: file, room: uri?.description ?? name, endpoint: endpoint,
                                      addressing: commands.addressing, bots: instances)
    }
}
