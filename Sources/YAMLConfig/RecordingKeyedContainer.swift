/// Forwards every call to the real container, noting the key asked for; values that are not scalars decode through
/// a ``RecordingDecoder``.
struct RecordingKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let inner: KeyedDecodingContainer<Key>
    let recorder: KeyRecorder
    /// The same mapping keyed by any name: a ``Secret`` option reads its `_env`/`_file` pair from it.
    let anyKeys: () throws -> KeyedDecodingContainer<ConfigKey>
    var codingPath: [any CodingKey] { inner.codingPath }
    var allKeys: [Key] { inner.allKeys }

    private func note(_ key: Key) { recorder.note(key, at: codingPath) }

    func contains(_ key: Key) -> Bool {
        note(key)
        return inner.contains(key)
    }
    func decodeNil(forKey key: Key) throws -> Bool {
        note(key)
        return try inner.decodeNil(forKey: key)
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        if T.self == Secret.self, let secret = try Secret.read(key.stringValue, in: anyKeys(), recorder: recorder, optional: false) as? T {
            return secret
        }
        note(key)
        if RecordingDecoder.isScalar(type) { return try inner.decode(type, forKey: key) }
        return try RecordingDecoder.decode(type, from: inner.superDecoder(forKey: key), recorder: recorder)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        if T.self == Secret.self {
            return try Secret.read(key.stringValue, in: anyKeys(), recorder: recorder, optional: true) as? T
        }
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decode(type, forKey: key)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { note(key); return try inner.decode(type, forKey: key) }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        note(key)
        let nested = try inner.nestedContainer(keyedBy: type, forKey: key)
        recorder.visit(nested.codingPath, keyedBy: type, shared: false)
        return KeyedDecodingContainer(RecordingKeyedContainer<NestedKey>(inner: nested, recorder: recorder) { [inner] in
            try inner.nestedContainer(keyedBy: ConfigKey.self, forKey: key)
        })
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        note(key)
        return RecordingUnkeyedContainer(inner: try inner.nestedUnkeyedContainer(forKey: key), recorder: recorder)
    }
    func superDecoder() throws -> any Decoder {
        RecordingDecoder(inner: try inner.superDecoder(), recorder: recorder)
    }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        note(key)
        return RecordingDecoder(inner: try inner.superDecoder(forKey: key), recorder: recorder)
    }
}
