import Foundation
import Logging
import PersistentChat
import YAMLConfig

extension SecretSource {
    /// Logs a warning for each of host.yaml's secret files (endpoint passwords, the webhook token) that group or others
    /// may read; at every load, so at start and at each reload.
    static func warnAboutExposedFiles(in file: HostFile, resolve: (String) -> String, logger: Logger) {
        var secrets: [(SecretSource, String)] = file.endpoints.enumerated().map { index, entry in
            (entry.password, "the password file of \(entry.uri) (endpoints[\(index)].password_file)")
        }
        if let webhooks = file.webhooks { secrets.append((webhooks.token, "the webhook token file (webhooks.token_file)")) }
        for (secret, what) in secrets {
            if let warning = secret.exposureWarning(describing: what, resolve: resolve) { logger.warning("\(warning)") }
        }
    }
}
