import Foundation

/// A throw-away certificate authority made with the `openssl` command, and the server certificates it issues, for
/// the TLS tests. Keys are P-256, certificates valid for a day.
struct TestCA: Sendable {
    /// The CA's certificate (PEM): what a client is told to trust.
    let certificate: String
    let key: String

    /// A new CA named `name`, its files in `folder`.
    static func make(in folder: URL, name: String) async throws -> TestCA {
        let base = folder.appendingPathComponent(name.replacingOccurrences(of: " ", with: "-")).path
        let ca = TestCA(certificate: base + ".pem", key: base + ".key")
        try await openSSL(["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                           "-keyout", ca.key, "-out", ca.certificate, "-days", "1", "-subj", "/CN=\(name)",
                           "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
        return ca
    }

    /// Issues a server certificate with subject `CN=commonName`, serial `serial` and the subject alternative
    /// `names` (`DNS:localhost`, `IP:127.0.0.1`), written to `certificate` and its key to `key` (replacing them).
    func issue(commonName: String, names: [String], serial: Int, certificate: String, key: String) async throws {
        let request = certificate + ".csr"
        let extensions = certificate + ".ext"
        try "subjectAltName=\(names.joined(separator: ","))\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        try await Self.openSSL(["req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                "-keyout", key + ".new", "-out", request, "-subj", "/CN=\(commonName)"])
        try await Self.openSSL(["x509", "-req", "-in", request, "-CA", self.certificate, "-CAkey", self.key,
                                "-set_serial", "\(serial)", "-days", "1", "-extfile", extensions, "-out", certificate + ".new"])
        // Renamed into place, as a certificate renewal tool does.
        for path in [key, certificate] {
            _ = rename(path + ".new", path)
        }
        try? FileManager.default.removeItem(atPath: request)
        try? FileManager.default.removeItem(atPath: extensions)
    }

    /// The serial number (hex, as `openssl x509 -serial` prints it) and subject of the certificate a TLS server on
    /// 127.0.0.1:`port` presents now, read by `openssl s_client`.
    static func presentedCertificate(port: Int, serverName: String = "localhost") async throws -> String {
        try await runCommand("/bin/sh", ["-c", "openssl s_client -connect 127.0.0.1:\(port) -servername \(serverName) </dev/null 2>/dev/null"
                                    + " | openssl x509 -noout -serial -subject"])
    }

    /// Whether `openssl s_client` completes a handshake with 127.0.0.1:`port` offering only `version` (e.g.
    /// `-tls1_1`; the client's own security level is lowered so that it may offer old versions at all).
    static func handshakes(port: Int, only version: String) async throws -> Bool {
        let output = try await runCommand("/bin/sh", ["-c", "openssl s_client -connect 127.0.0.1:\(port) \(version) -cipher DEFAULT@SECLEVEL=0"
                                                + " </dev/null >/dev/null 2>&1 && echo connected || echo refused"])
        return output.contains("connected")
    }

    /// Runs `openssl` with `arguments`; throws with its error output when it fails.
    static func openSSL(_ arguments: [String]) async throws {
        _ = try await runCommand("/usr/bin/openssl", arguments)
    }
}
