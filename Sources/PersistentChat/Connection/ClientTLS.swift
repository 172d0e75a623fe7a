import Foundation
import NIOCore
import NIOSSL
import Synchronization

/// The client side of TLS for `wss://` and `https://`: the context made from a ``ServerTrust``, and handshake
/// failures told in words.
package enum ClientTLS {
    /// A client context that verifies the server's certificate and host name against `trust`, TLS 1.2 or later.
    package static func context(_ trust: ServerTrust) throws(PersistentChatError) -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if let caFile = trust.caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw .invalidArgument("cannot read the CA file \(caFile)")
            }
            let authorities: [NIOSSLCertificate]
            do {
                authorities = try NIOSSLCertificate.fromPEMFile(caFile)
            } catch {
                throw .invalidArgument("the CA file \(caFile) holds no PEM certificate: \(error)")
            }
            guard !authorities.isEmpty else { throw .invalidArgument("the CA file \(caFile) holds no PEM certificate") }
            configuration.trustRoots = .certificates(authorities)
        }
        do {
            return try NIOSSLContext(configuration: configuration)
        } catch {
            throw .connection("cannot set up TLS: \(error)")
        }
    }

    /// The TLS handler for a connection to `host` (an IP address is checked against the certificate's IP names).
    package static func handler(_ context: NIOSSLContext, host: String) throws -> NIOSSLClientHandler {
        try NIOSSLClientHandler(context: context, serverHostname: host.isIPAddress ? nil : host)
    }

    /// Why a TLS handshake with `host` failed, in words; nil when `error` is not a TLS error.
    package static func describe(_ error: any Error, host: String) -> String? {
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate is not valid for \(host): it names other hosts (host-name verification failed)"
        }
        guard error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError else { return nil }
        let text = "\(error)"
        if text.contains("CERTIFICATE_VERIFY_FAILED") {
            return "the server's certificate is not trusted: no trusted certificate authority signed it, or it has "
                + "expired or is not valid yet (CERTIFICATE_VERIFY_FAILED); to trust a private CA, give its PEM file "
                + "(ServerTrust.caFile, pchat --ca-file, host.yaml tls.ca_file)"
        }
        return "the TLS handshake with \(host) failed: \(text)"
    }
}

/// The first TLS failure of one connection, in words, for the error that ends it.
package final class TLSFailureNote: Sendable {
    private let words = Mutex<String?>(nil)

    package init() {}

    /// What went wrong in the handshake; nil when nothing did (or the failure was not TLS's).
    package var failure: String? { words.withLock { $0 } }

    fileprivate func record(_ text: String) { words.withLock { $0 = $0 ?? text } }
}

/// Notes a connection's first TLS error in a ``TLSFailureNote``, so that the caller can say why it closed during
/// the handshake; placed right after the TLS handler.
package final class TLSFailureRecorder: ChannelInboundHandler, RemovableChannelHandler {
    package typealias InboundIn = NIOAny
    private let host: String
    private let note: TLSFailureNote

    package init(host: String, into note: TLSFailureNote) {
        self.host = host
        self.note = note
    }

    package func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if let words = ClientTLS.describe(error, host: host) { note.record(words) }
        context.fireErrorCaught(error)
    }
}

extension String {
    /// Whether this is an IPv4 or IPv6 literal (TLS sends no server name for those).
    var isIPAddress: Bool { (try? SocketAddress(ipAddress: self, port: 0)) != nil }
}
