import BothostCommandLine
import Bots

/// bothost with the bots this project ships.
@main
enum Bothost {
    static func main() async {
        await BothostCommand.main(registry: ShippedBots.registry)
    }
}
