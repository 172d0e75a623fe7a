/// One header field: a name and its value, as sent or received.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, with the case it was given or received in.
    public var name: String
    /// The field value.
    public var value: String

    /// Creates a header field.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An ordered list of header fields with case-insensitive lookup by name.
public struct HTTPHeaders: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// The fields in order.
    public private(set) var fields: [HTTPHeader]

    /// Creates a header list from fields, keeping their order.
    public init(_ fields: [HTTPHeader] = []) {
        self.fields = fields
    }

    /// Creates a header list from name/value pairs, keeping their order.
    public init(_ pairs: [(String, String)]) {
        self.fields = pairs.map { HTTPHeader(name: $0.0, value: $0.1) }
    }

    /// Creates a header list from a literal, keeping its order.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// The number of fields.
    public var count: Int { fields.count }

    /// Whether there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value for `name` (case-insensitive); setting replaces all fields of that name
    /// (or removes them when `nil`).
    public subscript(name: String) -> String? {
        get { fields.first { Self.matches($0.name, name) }?.value }
        set {
            if let newValue {
                replace(name, with: newValue)
            } else {
                remove(name)
            }
        }
    }

    /// All values for `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.matches($0.name, name) }.map(\.value)
    }

    /// Whether a field named `name` (case-insensitive) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.matches($0.name, name) }
    }

    /// Appends a field, keeping any existing fields of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append(HTTPHeader(name: name, value: value))
    }

    /// Replaces all fields named `name` with one field at the position of the first.
    public mutating func replace(_ name: String, with value: String) {
        guard let first = fields.firstIndex(where: { Self.matches($0.name, name) }) else {
            add(name, value)
            return
        }
        fields[first] = HTTPHeader(name: name, value: value)
        var index = fields.index(after: first)
        while index < fields.endIndex {
            if Self.matches(fields[index].name, name) {
                fields.remove(at: index)
            } else {
                index = fields.index(after: index)
            }
        }
    }

    /// Removes all fields named `name` (case-insensitive).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.matches($0.name, name) }
    }

    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[HTTPHeader]> {
        fields.makeIterator()
    }

    static func matches(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.count == rhs.utf8.count && lhs.lowercased() == rhs.lowercased()
    }
}
