import Yams

/// Wraps a decoder so that every mapping the value reads, at any depth, is noted in `recorder` with the keys asked
/// of it. Values decode through the wrapped decoder: a scalar is read as it would be, anything else with a
/// `RecordingDecoder` of its own, so nested types are noted too.
struct RecordingDecoder: Decoder {
    let inner: any Decoder
    let recorder: KeyRecorder
    /// The value being decoded is a ``SharedMapping``.
    var shared = false

    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { inner.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        let container = try inner.container(keyedBy: type)
        recorder.visit(container.codingPath, keyedBy: type, shared: shared)
        return KeyedDecodingContainer(RecordingKeyedContainer(inner: container, recorder: recorder) { [inner] in
            try inner.container(keyedBy: ConfigKey.self)
        })
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        RecordingUnkeyedContainer(inner: try inner.unkeyedContainer(), recorder: recorder)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        RecordingSingleValueContainer(decoder: self, inner: try inner.singleValueContainer())
    }

    /// Decodes `type` from `decoder`, noting its mappings in `recorder`.
    static func decode<T: Decodable>(_ type: T.Type, from decoder: any Decoder, recorder: KeyRecorder) throws -> T {
        try T(from: RecordingDecoder(inner: decoder, recorder: recorder, shared: T.self is any SharedMapping.Type))
    }

    /// Whether `type` is read straight from a scalar (a string, number or boolean), with no container of its own.
    static func isScalar<T>(_ type: T.Type) -> Bool {
        T.self is any ScalarConstructible.Type
    }
}

/// A single value: scalars are read as they are, other types through a ``RecordingDecoder`` on the same value.
private struct RecordingSingleValueContainer: SingleValueDecodingContainer {
    let decoder: RecordingDecoder
    let inner: any SingleValueDecodingContainer
    var codingPath: [any CodingKey] { inner.codingPath }

    func decodeNil() -> Bool { inner.decodeNil() }
    func decode(_ type: Bool.Type) throws -> Bool { try inner.decode(type) }
    func decode(_ type: String.Type) throws -> String { try inner.decode(type) }
    func decode(_ type: Double.Type) throws -> Double { try inner.decode(type) }
    func decode(_ type: Float.Type) throws -> Float { try inner.decode(type) }
    func decode(_ type: Int.Type) throws -> Int { try inner.decode(type) }
    func decode(_ type: Int8.Type) throws -> Int8 { try inner.decode(type) }
    func decode(_ type: Int16.Type) throws -> Int16 { try inner.decode(type) }
    func decode(_ type: Int32.Type) throws -> Int32 { try inner.decode(type) }
    func decode(_ type: Int64.Type) throws -> Int64 { try inner.decode(type) }
    func decode(_ type: UInt.Type) throws -> UInt { try inner.decode(type) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try inner.decode(type) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try inner.decode(type) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try inner.decode(type) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try inner.decode(type) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if RecordingDecoder.isScalar(type) { return try inner.decode(type) }
        return try RecordingDecoder.decode(type, from: decoder.inner, recorder: decoder.recorder)
    }
}
