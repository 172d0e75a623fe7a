// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "PersistentChat",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PersistentChatProtocol", targets: ["PersistentChatProtocol"]),
        .library(name: "PersistentChat", targets: ["PersistentChat"]),
        .library(name: "PersistentChatServer", targets: ["PersistentChatServer"]),
        .library(name: "BotKit", targets: ["BotKit"]),
        .library(name: "CurlHTTP", targets: ["CurlHTTP"]),
        .library(name: "BotKitTesting", targets: ["BotKitTesting"]),
        .library(name: "Bots", targets: ["Bots"]),
        .library(name: "YAMLConfig", targets: ["YAMLConfig"]),
        .library(name: "BothostCommandLine", targets: ["BothostCommandLine"]),
        .executable(name: "pchatd", targets: ["pchatd"]),
        .executable(name: "bothost", targets: ["bothost"]),
        .executable(name: "pchat", targets: ["pchat"]),
        .executable(name: "pchat-bench", targets: ["pchat-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.34.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "PersistentChatProtocol",
            swiftSettings: strict
        ),
        .target(
            name: "YAMLConfig",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "NIOSSL", package: "swift-nio-ssl")],
            swiftSettings: strict
        ),
        .target(
            name: "ServiceHealth",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "ProcessLogging",
            dependencies: ["YAMLConfig", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "PersistentChatDirectory",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CLDAP",
            providers: [.apt(["libldap-dev"])]
        ),
        .target(
            name: "LDAPDirectory",
            dependencies: [
                "CLDAP",
                "PersistentChatDirectory",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "SlapdFixture",
            dependencies: ["PersistentChatDirectory"],
            swiftSettings: strict
        ),
        .target(
            name: "PersistentChatServer",
            dependencies: [
                "PersistentChatProtocol",
                "PersistentChatDirectory",
                "LDAPDirectory",
                "YAMLConfig",
                "ServiceHealth",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict,
            plugins: ["EmbedWebClient"]
        ),
        // Writes the web client's files into pchatd at build time (Plugins/EmbedWebClient).
        .executableTarget(name: "embed-web-client", swiftSettings: strict),
        .plugin(name: "EmbedWebClient", capability: .buildTool(), dependencies: ["embed-web-client"]),
        .target(
            name: "PersistentChat",
            dependencies: [
                "PersistentChatProtocol",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .systemLibrary(
            name: "CCurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(
            name: "CurlHTTP",
            dependencies: [
                "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BotKit",
            dependencies: [
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "PersistentChat",
                "PersistentChatDirectory",
                "CurlHTTP",
                "YAMLConfig",
                "ServiceHealth",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BotKitTesting",
            dependencies: [
                "BotKit",
                "ServiceHealth",
                "PersistentChat",
                "CurlHTTP",
                "YAMLConfig",
                "PersistentChatServer",
                "PersistentChatDirectory",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "Bots",
            dependencies: [
                "BotKit", "CurlHTTP", "YAMLConfig", .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Bots",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pchatd",
            dependencies: [
                "PersistentChatServer",
                "ProcessLogging",
                "PersistentChatDirectory",
                "YAMLConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "BothostCommandLine",
            dependencies: [
                "BotKit",
                "PersistentChat",
                "PersistentChatServer",
                "CurlHTTP",
                "YAMLConfig",
                "ProcessLogging",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bothost",
            dependencies: ["BothostCommandLine", "Bots"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "bothost-fixture",
            dependencies: ["BothostCommandLine", "Bots", "BotKit"],
            path: "Tests/Fixtures/bothost-fixture",
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pchat",
            dependencies: [
                "PersistentChat",
                "YAMLConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "pchat-bench",
            dependencies: [
                "PersistentChat",
                "PersistentChatProtocol",
                "PersistentChatDirectory",
                "LDAPDirectory",
                "SlapdFixture",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Benchmarks/pchat-bench",
            swiftSettings: strict
        ),
        .testTarget(
            name: "DocumentationTests",
            swiftSettings: strict
        ),
        .testTarget(
            name: "PersistentChatProtocolTests",
            dependencies: ["PersistentChatProtocol"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "PersistentChatDirectoryTests",
            dependencies: ["PersistentChatDirectory", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "LDAPDirectoryTests",
            dependencies: ["LDAPDirectory"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ServerStoreTests",
            dependencies: ["PersistentChatServer", "PersistentChatProtocol", "PersistentChatDirectory"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotKitTests",
            dependencies: ["BotKit", "YAMLConfig"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProcessLoggingTests",
            dependencies: ["ProcessLogging", "YAMLConfig", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "BotsTests",
            dependencies: ["Bots"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "CurlHTTPTests",
            dependencies: [
                "CurlHTTP",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "FuzzTests",
            dependencies: [
                "PersistentChatProtocol",
                "PersistentChatDirectory",
                "PersistentChatServer",
                "BotKit",
                "Bots",
                "YAMLConfig",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                .product(name: "HTTPTypes", package: "swift-http-types"),
                "PersistentChatServer",
                "PersistentChat",
                "BotKit",
                "BotKitTesting",
                "Bots",
                "CurlHTTP",
                "YAMLConfig",
                "PersistentChatDirectory",
                "LDAPDirectory",
                "SlapdFixture",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdWSClient", package: "hummingbird-websocket"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
