import NIOSSL
import YAMLConfig

/// host.yaml `webhooks.tls`: the webhook listener's certificate chain and key, TLS 1.2 or later.
enum WebhookTLS {
    /// The server configuration for `files`, checked to make a pair; throws ``ConfigError`` naming
    /// `webhooks.tls.certificate`, `webhooks.tls.key` or `webhooks.tls` and the reason.
    static func configuration(_ files: TLSFiles, file: String) throws(ConfigError) -> TLSConfiguration {
        try files.serverSide(key: "webhooks.tls", file: file).configuration
    }
}
