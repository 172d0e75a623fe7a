import PersistentChat

/// A command's syntax, read from a declaration such as `deploy <service> [--env prod] [--force]`.
///
/// - `<name>`: a required word; `[<name>]`: an optional one (required words come first).
/// - `<name...>` / `[<name...>]`: the rest of the line, last.
/// - `--name <value>`: a required option; `[--name <value>]`: an optional one; `[--name default]` or
///   `[--name=default]`: an option with a default.
/// - `[--name]`: a flag, true when given.
///
/// The command name comes first, without the room's prefix. Names are matched without regard to case.
public struct CommandDeclaration: Sendable, Equatable, CustomStringConvertible {
    /// One parameter of a command.
    public enum Parameter: Sendable, Equatable {
        case positional(name: String, optional: Bool, rest: Bool)
        case option(name: String, valueName: String, optional: Bool, defaultValue: String?)
        case flag(name: String)

        /// The parameter's name, as the decoded type's key (a `-` in it also matches camelCase).
        public var name: String {
            switch self {
            case .positional(let name, _, _), .option(let name, _, _, _), .flag(let name): name
            }
        }

        /// How the parameter reads in usage lines: `<service>`, `[--env prod]`, …
        public var usage: String {
            switch self {
            case .positional(let name, let optional, let rest):
                let word = "<\(name)\(rest ? "..." : "")>"
                return optional ? "[\(word)]" : word
            case .option(let name, let valueName, let optional, let defaultValue):
                if let defaultValue { return "[--\(name) \(defaultValue)]" }
                return optional ? "[--\(name) <\(valueName)>]" : "--\(name) <\(valueName)>"
            case .flag(let name):
                return "[--\(name)]"
            }
        }
    }

    /// The command word, lowercased.
    public let name: String
    public let parameters: [Parameter]
    /// Whether its one rest-of-line parameter takes the text as written (``BotCommands/command(named:optionKey:text:_:aliases:_:)``).
    package var takesTextAsWritten = false

    /// Reads a declaration; the error says which part cannot be read and why.
    public init(_ text: String) throws(CommandDeclarationError) {
        var words = DeclarationScanner(text)
        guard let first = try words.next() else { throw CommandDeclarationError(declaration: text, reason: "it is empty") }
        guard first.group == nil, let name = first.words.first, first.words.count == 1, !name.hasPrefix("<"), !name.hasPrefix("-") else {
            throw CommandDeclarationError(declaration: text, reason: "it must start with the command's name")
        }
        guard CommandName.isValid(name) else {
            throw CommandDeclarationError(declaration: text, reason: CommandName.rule(for: name))
        }
        self.name = name.lowercased()
        var parameters: [Parameter] = []
        while let element = try words.next() {
            let parameter = try Self.parameter(element, declaration: text)
            try Self.check(parameter, after: parameters, declaration: text)
            parameters.append(parameter)
        }
        self.parameters = parameters
    }

    /// Checks a command name taken from configuration (e.g. a bot's `command` option) before it goes into a
    /// declaration.
    public static func checkName(_ name: String) throws(CommandDeclarationError) {
        guard CommandName.isValid(name) else { throw CommandDeclarationError(declaration: name, reason: CommandName.rule(for: name)) }
    }

    /// The declaration in its normal form: `deploy <service> [--env prod] [--force]`.
    public var description: String { ([name] + parameters.map(\.usage)).joined(separator: " ") }

    /// The parameter named `name` (as written in the declaration).
    func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }

    private static func parameter(_ element: DeclarationScanner.Element, declaration: String) throws(CommandDeclarationError) -> Parameter {
        let optional = element.group != nil
        let shown = element.group ?? element.words.joined(separator: " ")
        func refuse(_ reason: String) -> CommandDeclarationError {
            CommandDeclarationError(declaration: declaration, reason: "'\(shown)' \(reason)")
        }
        var words = element.words
        guard let head = words.first else { throw refuse("is empty") }
        if head.hasPrefix("<") {
            guard words.count == 1, head.hasSuffix(">"), head.count > 2 else { throw refuse("is not a <name>") }
            var inner = String(head.dropFirst().dropLast())
            let rest = inner.hasSuffix("...")
            if rest { inner.removeLast(3) }
            guard ParameterName.isValid(inner) else { throw refuse(ParameterName.rule) }
            return .positional(name: inner, optional: optional, rest: rest)
        }
        guard head.hasPrefix("--") else {
            throw refuse("is neither a <parameter> nor an --option")
        }
        var name = String(head.dropFirst(2))
        if let equals = name.firstIndex(of: "=") {
            words.insert(String(name[name.index(after: equals)...]), at: 1)
            name = String(name[..<equals])
        }
        guard ParameterName.isValid(name) else { throw refuse(ParameterName.rule) }
        switch words.count {
        case 1:
            guard optional else { throw refuse("is a flag, and a flag goes in brackets: [--\(name)]") }
            return .flag(name: name)
        case 2:
            let value = words[1]
            if value.hasPrefix("<") {
                guard value.hasSuffix(">"), value.count > 2 else { throw refuse("has a value that is not a <name>") }
                return .option(name: name, valueName: String(value.dropFirst().dropLast()), optional: optional, defaultValue: nil)
            }
            guard optional else { throw refuse("has a default, so it goes in brackets: [--\(name) \(value)]") }
            guard !value.isEmpty else { throw refuse("has an empty default") }
            return .option(name: name, valueName: name, optional: true, defaultValue: value)
        default:
            throw refuse("has more than one value")
        }
    }

    private static func check(_ parameter: Parameter, after earlier: [Parameter], declaration: String) throws(CommandDeclarationError) {
        func refuse(_ reason: String) -> CommandDeclarationError {
            CommandDeclarationError(declaration: declaration, reason: reason)
        }
        if earlier.contains(where: { $0.name == parameter.name }) {
            throw refuse("'\(parameter.name)' is declared twice")
        }
        switch parameter {
        case .option(name: "help", _, _, _), .flag(name: "help"):
            throw refuse("--help is taken: it shows the command's help")
        default:
            break
        }
        guard case .positional(_, let optional, _) = parameter else { return }
        for before in earlier {
            guard case .positional(let name, let beforeOptional, let rest) = before else { continue }
            if rest { throw refuse("<\(name)...> takes the rest of the line, so it must be the last word") }
            if beforeOptional, !optional {
                throw refuse("the required <\(parameter.name)> cannot follow the optional [<\(name)>]")
            }
        }
    }
}

/// A declaration that cannot be read; a fault in the bot, reported at start-up.
public struct CommandDeclarationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let declaration: String
    public let reason: String
    public var description: String { "command declaration '\(declaration)': \(reason)" }
}

/// What a command name may be: a letter or digit, then letters, digits, `-` or `_` (up to 32).
enum CommandName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter || first.isNumber, name.count <= 32 else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static func rule(for name: String) -> String {
        "'\(name)' is not a command name: use up to 32 letters, digits, '-' or '_', starting with a letter or digit, without the room's prefix"
    }
}

/// What a parameter name may be: a letter, then letters, digits, `-` or `_`.
enum ParameterName {
    static func isValid(_ name: String) -> Bool {
        guard let first = name.first, first.isASCII, first.isLetter else { return false }
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
    }

    static let rule = "has a name that is not a letter followed by letters, digits, '-' or '_'"
}

/// Splits a declaration into its elements: a bracketed group, an `--option <value>` pair, or one word.
struct DeclarationScanner {
    struct Element {
        /// The group's text with its brackets, when the element was in brackets.
        var group: String?
        var words: [String]
    }

    private let text: String
    private var index: String.Index

    init(_ text: String) {
        self.text = text
        index = text.startIndex
    }

    mutating func next() throws(CommandDeclarationError) -> Element? {
        skipSpaces()
        guard index < text.endIndex else { return nil }
        if text[index] == "[" {
            guard let close = text[index...].firstIndex(of: "]") else {
                throw CommandDeclarationError(declaration: text, reason: "a '[' is never closed")
            }
            let inner = text[text.index(after: index)..<close]
            guard !inner.contains("[") else {
                throw CommandDeclarationError(declaration: text, reason: "brackets cannot be nested")
            }
            let group = String(text[index...close])
            index = text.index(after: close)
            return Element(group: group, words: inner.split(whereSeparator: \.isWhitespace).map(String.init))
        }
        let word = nextWord()
        if word.contains("]") { throw CommandDeclarationError(declaration: text, reason: "a ']' has no '['") }
        if word.hasPrefix("--"), !word.contains("=") {
            let saved = index
            skipSpaces()
            if index < text.endIndex, text[index] == "<" {
                return Element(words: [word, nextWord()])
            }
            index = saved
        }
        return Element(words: [word])
    }

    private mutating func skipSpaces() {
        while index < text.endIndex, text[index].isWhitespace { index = text.index(after: index) }
    }

    private mutating func nextWord() -> String {
        let start = index
        while index < text.endIndex, !text[index].isWhitespace, text[index] != "[" { index = text.index(after: index) }
        return String(text[start..<index])
    }
}
