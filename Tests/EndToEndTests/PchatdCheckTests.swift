import Foundation
import Testing

/// `pchatd check`: server.yaml read whole and its directory loaded without serving; every fault named with its file,
/// key and reason (and line where the file has one), exit 1.
@Suite struct PchatdCheckTests {
    @Test func aGoodFileIsReportedValid() async throws {
        try await withTestFolder { folder in
            let yaml = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", yaml]) { check in
                #expect(await check.exitStatus() == 0, "\(check.stderr)")
                #expect(check.stdout.contains("entries read"), "\(check.stdout)")
                #expect(check.stdout.contains("\(yaml) is valid"), "\(check.stdout)")
                // Nothing is served or written: no data folder appears.
                #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("data/pchat.sqlite").path))
            }
        }
    }

    @Test func faultsAreNamedWithFileLineAndKey() async throws {
        try await withTestFolder { folder in
            var configuration = try TestServer.configuration(folder: folder)
            configuration.rooms[0].managers.append("sip:nobody@contoso.com")
            let principals = try ServerProcess.writeConfig(configuration, in: folder)
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", principals]) { check in
                #expect(await check.exitStatus() == 1)
                #expect(check.stderr.contains("rooms[0].managers"), "\(check.stderr)")
                #expect(check.stderr.contains("sip:nobody@contoso.com"), "\(check.stderr)")
            }
            let bad = folder.appendingPathComponent("bad.yaml").path
            try "domain: contoso.com\nlisten: nowhere\n".write(toFile: bad, atomically: true, encoding: .utf8)
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", bad]) { check in
                #expect(await check.exitStatus() == 1)
                #expect(check.stderr.contains("\(bad):2: listen: expected HOST:PORT"), "\(check.stderr)")
            }
        }
    }

    @Test func theWebClientFolderIsReadAndOneWithoutAnIndexIsAFault() async throws {
        try await withTestFolder { folder in
            let client = folder.appendingPathComponent("client")
            try FileManager.default.createDirectory(at: client, withIntermediateDirectories: true)
            try "<!doctype html>".write(to: client.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
            let yaml = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            let withFolder = try String(contentsOfFile: yaml, encoding: .utf8) + "web_client: {assets: \(client.path)}\n"
            try withFolder.write(toFile: yaml, atomically: true, encoding: .utf8)
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", yaml]) { check in
                #expect(await check.exitStatus() == 0, "\(check.stderr)")
                #expect(check.stdout.contains("web client files read from \(client.path)"), "\(check.stdout)")
            }
            // pchatd would not start without index.html: check says so, naming the key.
            try FileManager.default.removeItem(at: client.appendingPathComponent("index.html"))
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", yaml]) { check in
                #expect(await check.exitStatus() == 1)
                #expect(check.stderr.contains("web_client.assets"), "\(check.stderr)")
                #expect(check.stderr.contains("has no index.html"), "\(check.stderr)")
            }
        }
    }

    @Test func theTLSPairIsLoadedAndAKeyThatDoesNotMatchIsAFault() async throws {
        try await withTestFolder { folder in
            let ca = try await TestCA.make(in: folder, name: "Check CA")
            let certificate = folder.appendingPathComponent("server.crt").path
            let key = folder.appendingPathComponent("server.key").path
            try await ca.issue(commonName: "localhost", names: ["DNS:localhost"], serial: 1, certificate: certificate, key: key)
            let yaml = try ServerProcess.writeConfig(try TestServer.configuration(folder: folder), in: folder)
            let tls = try String(contentsOfFile: yaml, encoding: .utf8) + "tls: {certificate: \(certificate), key: \(key)}\n"
            try tls.write(toFile: yaml, atomically: true, encoding: .utf8)
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", yaml]) { check in
                #expect(await check.exitStatus() == 0, "\(check.stderr)")
                #expect(check.stdout.contains("TLS certificate \(certificate) and key \(key) loaded"), "\(check.stdout)")
            }
            // The CA's key is not the certificate's: pchatd could not serve with this pair, and check says so.
            try tls.replacingOccurrences(of: "key: \(key)", with: "key: \(ca.key)").write(toFile: yaml, atomically: true, encoding: .utf8)
            try await withLiveProcess(try ServerProcess.executable, ["check", "--config", yaml]) { check in
                #expect(await check.exitStatus() == 1)
                #expect(check.stderr.contains("tls"), "\(check.stderr)")
                #expect(!check.stdout.contains("is valid"), "\(check.stdout)")
            }
        }
    }
}
