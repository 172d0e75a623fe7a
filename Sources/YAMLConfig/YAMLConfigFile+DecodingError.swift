import Yams

extension YAMLConfigFile {
    /// `error` as a ``ConfigError`` naming the key it concerns (from `prefix`) and its line. A type's own
    /// `init(from:)` reports what is wrong with a value as `DecodingError.dataCorrupted`, its description the reason.
    func configError(for error: any Error, prefix: [any CodingKey]) -> ConfigError {
        switch error {
        case let error as ConfigError:
            return error
        case DecodingError.keyNotFound(let key, let context):
            let path = prefix + context.codingPath
            return ConfigError(file: self.path, key: ConfigKeyPath.render(path + [key]), line: node(at: path)?.mark?.line,
                               reason: "required key is missing")
        case DecodingError.typeMismatch(let type, let context):
            return self.error(at: prefix + context.codingPath, "expected \(Self.describe(type))")
        case DecodingError.valueNotFound(let type, let context):
            return self.error(at: prefix + context.codingPath, "expected \(Self.describe(type)), found nothing")
        case DecodingError.dataCorrupted(let context):
            return self.error(at: prefix + context.codingPath, context.debugDescription)
        default:
            return self.error(at: prefix, "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        if type is String.Type { return "a string" }
        if type is Int.Type { return "an integer" }
        if type is Bool.Type { return "true or false" }
        if type is Double.Type { return "a number" }
        if type is Node.Scalar.Type { return "a single value (not a list or mapping)" }
        if type is Node.Sequence.Type { return "a list" }
        if type is Node.Mapping.Type { return "a mapping" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "a list" }
        if name.hasPrefix("Dictionary") { return "a mapping" }
        return "a \(name) value"
    }
}
