import Foundation
import LDAPDirectory
import PersistentChatDirectory
import Testing

/// pchatd reaches the directory over TLS: StartTLS on ldap:// and ldaps://, trusting a test CA given as `ca_file`.
/// A server certificate from another CA, or for another host name, is refused, and nothing is sent to that server.
@Suite struct LDAPTLSTests {
    @Test(arguments: [SlapdTLS.startTLS, .ldaps])
    func signInAndReadTheDirectoryOverTLS(tls: SlapdTLS) async throws {
        try await withSlapd(tls: true) { slapd in
            let directory = ActiveDirectory(settings: try slapd.settings(tls: tls), logger: LDAPSignInTests.quietLogger)
            let alice = await directory.authenticate(sipURI: "sip:alice@contoso.com", password: TestDirectory.password)
            #expect((try? alice.get())?.sipAddress == "sip:alice@contoso.com", "\(alice)")
            let read = try await directory.readDirectory()
            #expect(read.entry(sipAddress: "sip:bob@contoso.com") != nil)
        }
    }

    @Test(arguments: [SlapdTLS.startTLS, .ldaps])
    func aServerCertificateFromAnotherCAIsRefused(tls: SlapdTLS) async throws {
        try await withSlapd(tls: true) { slapd in
            let other = try await TestCA.make(in: slapd.folder, name: "Another CA")
            var settings = try slapd.settings(tls: tls)
            settings.connection.caFile = other.certificate
            let directory = ActiveDirectory(settings: settings, logger: LDAPSignInTests.quietLogger)
            let alice = await directory.authenticate(sipURI: "sip:alice@contoso.com", password: TestDirectory.password)
            #expect(alice == .failure(.directoryUnavailable("sip:alice@contoso.com")), "\(alice)")
            do {
                _ = try await directory.readDirectory()
                Issue.record("a certificate from another CA was accepted")
            } catch {
                #expect((error as? LDAPError)?.description.contains("the TLS handshake failed") == true, "\(error)")
            }
            // The control: the CA that did issue it is trusted.
            _ = try await ActiveDirectory(settings: try slapd.settings(tls: tls), logger: LDAPSignInTests.quietLogger).readDirectory()
        }
    }

    @Test func aServerCertificateForAnotherHostNameIsRefused() async throws {
        try await withSlapd(tls: true) { slapd in
            var settings = try slapd.settings(tls: .ldaps)
            // The certificate names localhost and 127.0.0.1; slapd serves ldaps on 127.0.0.2 too, a name it lacks.
            settings.connection.url = try LDAPURL.parse("ldaps://127.0.0.2:\(slapd.ldapsPort)").get()
            let directory = ActiveDirectory(settings: settings, logger: LDAPSignInTests.quietLogger)
            do {
                _ = try await directory.readDirectory()
                Issue.record("a certificate for another host name was accepted")
            } catch {
                let failure = error as? LDAPError
                #expect(failure?.isUnavailable == true, "\(error)")
                // Refused in the TLS handshake, not for want of a server.
                #expect(failure?.diagnostic?.contains("the TLS handshake failed") == true, "\(error)")
            }
            // The control: the same server by the name its certificate gives is accepted.
            settings.connection.url = try LDAPURL.parse("ldaps://127.0.0.1:\(slapd.ldapsPort)").get()
            _ = try await ActiveDirectory(settings: settings, logger: LDAPSignInTests.quietLogger).readDirectory()
        }
    }
}
