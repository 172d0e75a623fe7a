import BotKit

/// The bot types this project ships.
public enum ShippedBots {
    /// A registry with every shipped bot registered.
    public static var registry: BotRegistry {
        var registry = BotRegistry()
        registry.register(AssistantBot.self)
        registry.register(EchoBot.self)
        registry.register(FeedBot.self)
        registry.register(HTTPBot.self)
        registry.register(PollBot.self)
        registry.register(RelayBot.self)
        registry.register(RemindBot.self)
        registry.register(WelcomeBot.self)
        return registry
    }
}
