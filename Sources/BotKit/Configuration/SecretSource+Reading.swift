import Foundation
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
}
