import Foundation

extension SecretSource {
    /// The secret, and where it came from (for messages, never the secret): the environment variable's value, or
    /// the first line of the file (resolved by `resolve`) that is not blank or a `#` comment.
    /// A secret that cannot be read is an error naming the key it was given by, `name` plus ``keySuffix``, under `at`.
    public func read(name: String, at: [any CodingKey], in yaml: YAMLConfigFile, environment: [String: String],
                     resolve: (String) -> String) throws(ConfigError) -> (value: String, source: String) {
        do {
            return try value(name: name, environment: environment, resolve: resolve)
        } catch {
            throw yaml.error(at: at + [ConfigKey(name + keySuffix)], error.reason)
        }
    }

    /// The secret and where it came from, as ``read(name:at:in:environment:resolve:)`` reads them; the error says why
    /// it cannot be read (naming the variable or the file, never a secret).
    func value(name: String, environment: [String: String], resolve: (String) -> String) throws(SecretReadError)
        -> (value: String, source: String) {
        switch self {
        case .environment(let variable):
            guard let value = environment[variable], !value.isEmpty else {
                throw SecretReadError(reason: "environment variable \(variable) is not set")
            }
            return (value, "environment variable \(variable)")
        case .file(let path):
            let full = resolve(path)
            guard let text = try? String(contentsOfFile: full, encoding: .utf8) else {
                throw SecretReadError(reason: "cannot read \(full)")
            }
            let secret = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
                .first { !$0.isEmpty && !$0.hasPrefix("#") }
            guard let secret else { throw SecretReadError(reason: "\(full) holds no \(name)") }
            return (secret, full)
        }
    }

    /// A warning naming the secret's file (resolved by `resolve`) when group or others may read it; nil for an
    /// environment variable, or a file only its owner can read.
    public func exposureWarning(describing what: String, resolve: (String) -> String) -> String? {
        guard case .file(let path) = self else { return nil }
        return PrivateFiles.exposureWarning(for: resolve(path), describing: what)
    }
}

/// Why a secret cannot be read.
struct SecretReadError: Error {
    let reason: String
}
