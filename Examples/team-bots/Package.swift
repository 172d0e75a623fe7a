// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "team-bots",
    platforms: [.macOS(.v15)],
    dependencies: [
        // The Persistent Chat package. Outside this repository, name its Git URL and a version instead:
        // .package(url: "https://…/persistent-chat.git", from: "1.0.0")
        .package(name: "PersistentChat", path: "../.."),
    ],
    targets: [
        // The team's bots: each a type conforming to BotKit's `Bot`; CurlHTTP for the policy of their call-outs.
        .target(
            name: "TeamBots",
            dependencies: [
                .product(name: "BotKit", package: "PersistentChat"),
                .product(name: "CurlHTTP", package: "PersistentChat"),
            ]
        ),
        // bothost's command line with the shipped bots and the team's own.
        .executableTarget(
            name: "team-bothost",
            dependencies: [
                "TeamBots",
                .product(name: "BotKit", package: "PersistentChat"),
                .product(name: "BothostCommandLine", package: "PersistentChat"),
                .product(name: "Bots", package: "PersistentChat"),
            ]
        ),
        // Each bot's tests, against a real pchatd in the test process.
        .testTarget(
            name: "TeamBotsTests",
            dependencies: [
                "TeamBots",
                .product(name: "BotKit", package: "PersistentChat"),
                .product(name: "BotKitTesting", package: "PersistentChat"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
