import Foundation

/// A JSON value given in YAML, whose strings may hold placeholders (`{name}`, `{sender}`, `{room}`, a secret's
/// `{api_key}`): each is replaced by its value as text, and the result encoded as JSON, so no value can change the
/// document's shape.
enum JSONTemplate: Decodable, Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case array([JSONTemplate])
    case object([String: JSONTemplate])

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: AnyKey.self) {
            var fields: [String: JSONTemplate] = [:]
            for key in object.allKeys { fields[key.stringValue] = try object.decode(JSONTemplate.self, forKey: key) }
            self = .object(fields)
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSONTemplate] = []
            while !array.isAtEnd { items.append(try array.decode(JSONTemplate.self)) }
            self = .array(items)
            return
        }
        let value = try decoder.singleValueContainer()
        if value.decodeNil() {
            self = .null
        } else if let bool = try? value.decode(Bool.self) {
            self = .bool(bool)
        } else if let integer = try? value.decode(Int.self) {
            self = .integer(integer)
        } else if let number = try? value.decode(Double.self) {
            self = .number(number)
        } else {
            self = .string(try value.decode(String.self))
        }
    }

    /// Every string in the template, keys excepted.
    var strings: [String] {
        switch self {
        case .string(let text): [text]
        case .array(let items): items.flatMap(\.strings)
        case .object(let fields): fields.values.flatMap(\.strings)
        case .null, .bool, .integer, .number: []
        }
    }

    /// The template with `fill` applied to every string, as a JSON-compatible value.
    func filled(_ fill: (String) -> String) -> Any {
        switch self {
        case .null: NSNull()
        case .bool(let value): value
        case .integer(let value): value
        case .number(let value): value
        case .string(let text): fill(text)
        case .array(let items): items.map { $0.filled(fill) }
        case .object(let fields): fields.mapValues { $0.filled(fill) }
        }
    }

    /// The filled template as JSON bytes, keys sorted.
    func json(_ fill: (String) -> String) throws -> [UInt8] {
        [UInt8](try JSONSerialization.data(withJSONObject: filled(fill), options: [.fragmentsAllowed, .sortedKeys]))
    }
}

/// A mapping key of any name.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        stringValue = "\(intValue)"
        self.intValue = intValue
    }
}
