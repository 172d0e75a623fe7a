import BotKit
import BothostCommandLine
import Bots

/// bothost with the shipped bots and the bots the tests run in a real bothost process.
await BothostCommand.main(registry: ShippedBots.registry + [CountingBot.self])
