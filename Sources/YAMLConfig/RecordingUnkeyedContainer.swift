/// Forwards every call to the real sequence container; items that are not scalars decode through a
/// ``RecordingDecoder``.
struct RecordingUnkeyedContainer: UnkeyedDecodingContainer {
    var inner: any UnkeyedDecodingContainer
    let recorder: KeyRecorder
    var codingPath: [any CodingKey] { inner.codingPath }
    var count: Int? { inner.count }
    var isAtEnd: Bool { inner.isAtEnd }
    var currentIndex: Int { inner.currentIndex }

    mutating func decodeNil() throws -> Bool { try inner.decodeNil() }
    mutating func decode(_ type: Bool.Type) throws -> Bool { try inner.decode(type) }
    mutating func decode(_ type: String.Type) throws -> String { try inner.decode(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try inner.decode(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try inner.decode(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try inner.decode(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try inner.decode(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try inner.decode(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try inner.decode(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try inner.decode(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try inner.decode(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try inner.decode(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try inner.decode(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try inner.decode(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try inner.decode(type) }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if RecordingDecoder.isScalar(type) { return try inner.decode(type) }
        return try RecordingDecoder.decode(type, from: inner.superDecoder(), recorder: recorder)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let element = try inner.superDecoder()
        let nested = try element.container(keyedBy: type)
        recorder.visit(nested.codingPath, keyedBy: type, shared: false)
        return KeyedDecodingContainer(RecordingKeyedContainer<NestedKey>(inner: nested, recorder: recorder) {
            try element.container(keyedBy: ConfigKey.self)
        })
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(inner: try inner.nestedUnkeyedContainer(), recorder: recorder)
    }
    mutating func superDecoder() throws -> any Decoder {
        RecordingDecoder(inner: try inner.superDecoder(), recorder: recorder)
    }
}
