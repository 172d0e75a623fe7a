import Foundation
import Logging
import PersistentChat
import YAMLConfig

extension SecretSource {
    /// The secret, and where it came from (for messages, never the secret): the environment variable's value, or
    /// the first line of the file (resolved by `resolve`) that is not blank or a `#` comment.
    /// A secret that cannot be read is an error naming the key it was given by, `name` plus ``keySuffix``, under `at`.
    func read(name: String, at: [any CodingKey], in yaml: YAMLConfigFile, environment: [String: String],
              resolve: (String) -> String) throws(ConfigError) -> (value: String, source: String) {
        let key = at + [ConfigKey(name + keySuffix)]
        switch self {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw yaml.error(at: key, "environment variable \(variable) is not set")
            }
            return (value, "environment variable \(variable)")
        case .file(let path):
            let full = resolve(path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw yaml.error(at: key, "cannot read \(full)")
            }
            guard let value = PasswordFile.password(in: text) else {
                throw yaml.error(at: key, "\(full) holds no \(name)")
            }
            return (value, full)
        }
    }

    /// A warning naming the secret's file (resolved by `resolve`) when group or others may read it; nil for an
    /// environment variable, or a file only its owner can read.
    func exposureWarning(describing what: String, resolve: (String) -> String) -> String? {
        guard case .file(let path) = self else { return nil }
        return PrivateFiles.exposureWarning(for: resolve(path), describing: what)
    }

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
