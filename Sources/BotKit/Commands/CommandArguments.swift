import PersistentChat

/// The values one message gave a command's parameters, by the names in its declaration.
///
/// Typed commands decode these into their own type; untyped ones read them here.
public struct CommandArguments: Sendable, Equatable {
    enum Value: Sendable, Equatable {
        case word(String)
        /// A rest-of-line parameter: the text as written, and its words.
        case rest(text: String, words: [String])
        case flag(Bool)
    }

    let values: [String: Value]

    /// The text given for a parameter or option (a rest-of-line parameter's text as written), or its default; nil
    /// when an optional one was left out.
    public subscript(_ name: String) -> String? {
        switch values[name] {
        case .word(let text)?, .rest(let text, _)?: text
        case .flag(let on)?: on ? "true" : nil
        case nil: nil
        }
    }

    /// Whether the flag `--name` was given.
    public func flag(_ name: String) -> Bool {
        if case .flag(true)? = values[name] { true } else { false }
    }

    /// The words of a rest-of-line parameter (one word for any other parameter, none when left out).
    public func words(_ name: String) -> [String] {
        switch values[name] {
        case .word(let text)?: [text]
        case .rest(_, let words)?: words
        case .flag?, nil: []
        }
    }
}

/// A message that does not fit its command's declaration; the reason names the part that is wrong.
public struct CommandUsageError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension CommandDeclaration {
    /// Whether the argument text asks for the command's help (`--help` or `-h` as its first word).
    static func asksForHelp(_ text: Substring) -> Bool {
        let first = text.split(whereSeparator: \.isWhitespace).first
        return first == "--help" || first == "-h"
    }

    /// Reads the text after the command word against the declaration. A command declared to take its text as
    /// written (`ask <question...>`) reads no options from it, and its quotes need not pair up.
    func arguments(from text: Substring) throws(CommandUsageError) -> CommandArguments {
        if takesTextAsWritten, case .positional(let name, let optional, true)? = parameters.first {
            let written = text.trimmingWhitespace()
            guard !written.isEmpty else {
                if optional { return CommandArguments(values: [:]) }
                throw CommandUsageError("<\(name)...> is missing")
            }
            let words = (try? CommandLineTokens.split(text).map(\.text)) ?? written.split(whereSeparator: \.isWhitespace).map(String.init)
            return CommandArguments(values: [name: .rest(text: written, words: words)])
        }
        let tokens = try CommandLineTokens.split(text)
        var values: [String: CommandArguments.Value] = [:]
        var positionals = parameters.filter { if case .positional = $0 { true } else { false } }[...]
        var optionsEnded = false
        var index = 0
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            if !optionsEnded, token.text == "--" {
                optionsEnded = true
                continue
            }
            if !optionsEnded, token.text.hasPrefix("--"), token.text.count > 2 {
                var name = String(token.text.dropFirst(2))
                var inline: String?
                if let equals = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let parameter = optionNamed(name) else { throw CommandUsageError(unknownOption(name)) }
                guard values[parameter.name] == nil else { throw CommandUsageError("--\(parameter.name) is given twice") }
                switch parameter {
                case .flag:
                    guard inline == nil else { throw CommandUsageError("--\(parameter.name) is a flag and takes no value") }
                    values[parameter.name] = .flag(true)
                case .option:
                    if let inline {
                        values[parameter.name] = .word(inline)
                    } else {
                        guard index < tokens.count else { throw CommandUsageError("--\(parameter.name) needs a value") }
                        values[parameter.name] = .word(tokens[index].text)
                        index += 1
                    }
                case .positional:
                    break
                }
                continue
            }
            guard let parameter = positionals.popFirst() else {
                throw CommandUsageError("'\(token.text)' is one word too many")
            }
            guard case .positional(let name, _, let rest) = parameter else { continue }
            if rest {
                let remaining = tokens[(index - 1)...]
                let written = text[token.start...].trimmingWhitespace()
                values[name] = .rest(text: written, words: remaining.map(\.text))
                index = tokens.count
            } else {
                values[name] = .word(token.text)
            }
        }
        for parameter in parameters where values[parameter.name] == nil {
            switch parameter {
            case .positional(let name, false, let rest):
                throw CommandUsageError("<\(name)\(rest ? "..." : "")> is missing")
            case .option(let name, let valueName, false, _):
                throw CommandUsageError("--\(name) <\(valueName)> is missing")
            case .option(let name, _, true, let defaultValue?):
                values[name] = .word(defaultValue)
            case .flag(let name):
                values[name] = .flag(false)
            default:
                break
            }
        }
        return CommandArguments(values: values)
    }

    private func optionNamed(_ name: String) -> Parameter? {
        parameters.first { parameter in
            switch parameter {
            case .option(let declared, _, _, _), .flag(let declared): declared == name
            case .positional: false
            }
        }
    }

    private func unknownOption(_ name: String) -> String {
        let known = parameters.compactMap { parameter -> String? in
            if case .positional = parameter { return nil }
            return "--\(parameter.name)"
        }
        if known.isEmpty { return "--\(name) is not an option of this command (it takes none)" }
        return "--\(name) is not an option of this command (it takes \(known.joined(separator: ", ")))"
    }
}

extension Substring {
    func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
