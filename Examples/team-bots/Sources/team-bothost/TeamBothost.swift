import BotKit
import BothostCommandLine
import Bots
import TeamBots

/// bothost with the shipped bots and this team's own.
@main
enum TeamBothost {
    static func main() async {
        await BothostCommand.main(registry: ShippedBots.registry + [OnCallBot.self, StandUpBot.self, ReminderBot.self, DeployBot.self])
    }
}
