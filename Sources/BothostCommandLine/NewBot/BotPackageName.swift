/// The names a new bot package derives from the name given to `bothost new-bot`: `stand-up` is the bot type
/// `stand-up` and its command `!stand-up`, the Swift type `StandUpBot` in the module `StandUpBots`, the executable
/// `stand-up-bothost` and the test module `StandUpBotsTests`.
struct BotPackageName: Equatable {
    /// As given: the package's folder, the bot's type name and its command.
    let name: String
    /// `StandUp`.
    let camel: String

    var botType: String { camel + "Bot" }
    var module: String { camel + "Bots" }
    var testModule: String { module + "Tests" }
    var executable: String { name + "-bothost" }

    /// Checks `name`: 1 to 32 lowercase letters, digits and single hyphens, starting with a letter.
    init(_ name: String) throws(BotPackageError) {
        let valid = name.count <= 32 && name.first.map { $0.isASCII && $0.isLowercase } == true
            && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }
            && !name.hasSuffix("-") && !name.contains("--")
        guard valid else {
            throw BotPackageError(reason: "'\(name)' is not a bot name: use up to 32 lowercase letters, digits and single hyphens, starting with a letter (e.g. stand-up)")
        }
        self.name = name
        camel = name.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

/// Why `bothost new-bot` wrote nothing.
struct BotPackageError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
