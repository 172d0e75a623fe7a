import ArgumentParser
import Foundation
import PersistentChat
import YAMLConfig

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(help: "The server, ws://HOST:PORT or wss://HOST:PORT.")
    var server = "ws://127.0.0.1:5061"

    @Option(help: "A PEM file of the certificate authorities to trust for a wss:// server, instead of the system's.")
    var caFile: String?

    @Option(help: "Your SIP URI, e.g. sip:alice@contoso.com.")
    var user: String?

    @Option(help: "A file whose first line is your password (else the PCHAT_PASSWORD environment variable).")
    var passwordFile: String?

    @Flag(help: "Print one JSON object per line.")
    var json = false

    static let valued: Set<String> = ["--server", "--user", "--password-file", "--ca-file"]
    static let flags: Set<String> = ["--json"]

    /// Puts global options found before the subcommand name after it.
    static func reorder(_ arguments: [String], subcommands: [String]) -> [String] {
        var moved: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = argument.split(separator: "=", maxSplits: 1).first.map(String.init) ?? argument
            if valued.contains(name) {
                moved.append(argument)
                if !argument.contains("="), index + 1 < arguments.count {
                    moved.append(arguments[index + 1])
                    index += 1
                }
                index += 1
            } else if flags.contains(argument) {
                moved.append(argument)
                index += 1
            } else if subcommands.contains(argument) {
                return [argument] + moved + arguments[(index + 1)...]
            } else {
                break
            }
        }
        return Array(arguments[..<index]) + moved + arguments[index...]
    }

    /// Connects and identifies, or fails with the server's reason.
    func connect() async throws -> PersistentChatEndpoint {
        guard let user else { throw ValidationError("give --user SIP-URI") }
        let password = try readPassword()
        let platform = CollaborationPlatform(applicationName: "pchat", logger: .init(label: "pchat") { _ in SwiftLogNoOpLogHandler() })
        let endpoint = PersistentChatEndpoint(serverAddress: server, endpoint: UserEndpoint(platform: platform, ownerUri: user, password: password),
                                              serverTrust: ServerTrust(caFile: caFile))
        try await endpoint.establish()
        return endpoint
    }

    private func readPassword() throws -> String {
        if let passwordFile {
            guard let text = try? String(contentsOfFile: passwordFile, encoding: .utf8) else {
                throw ValidationError("cannot read password file \(passwordFile)")
            }
            guard let password = PasswordFile.password(in: text) else {
                throw ValidationError("password file \(passwordFile) holds no password")
            }
            if let warning = PrivateFiles.exposureWarning(for: passwordFile, describing: "password file") {
                FileHandle.standardError.write(Data("pchat: warning: \(warning)\n".utf8))
            }
            return password
        }
        if let password = ProcessInfo.processInfo.environment["PCHAT_PASSWORD"], !password.isEmpty { return password }
        throw ValidationError("give --password-file PATH or set PCHAT_PASSWORD")
    }
}

import Logging
