import Synchronization

/// Decodes `Value` while noting every top-level key its `init(from:)` asks for, so that keys nobody asked for can be
/// refused as unknown (a `prefix:` left over from an old version, a misspelt option).
struct KeyRecording<Value: Decodable>: Decodable {
    let value: Value
    let keys: Set<String>

    init(from decoder: any Decoder) throws {
        let recorder = KeyRecorder()
        value = try Value(from: RecordingDecoder(inner: decoder, recorder: recorder))
        keys = recorder.keys.withLock { $0 }
    }
}

final class KeyRecorder: Sendable {
    let keys = Mutex<Set<String>>([])
    func note(_ key: some CodingKey) { _ = keys.withLock { $0.insert(key.stringValue) } }
}

private struct RecordingDecoder: Decoder {
    let inner: any Decoder
    let recorder: KeyRecorder
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { inner.userInfo }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RecordingKeyed(inner: try inner.container(keyedBy: type), recorder: recorder))
    }
    func unkeyedContainer() throws -> any UnkeyedDecodingContainer { try inner.unkeyedContainer() }
    func singleValueContainer() throws -> any SingleValueDecodingContainer { try inner.singleValueContainer() }
}

/// Forwards every call to the real container, noting the key.
private struct RecordingKeyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let inner: KeyedDecodingContainer<Key>
    let recorder: KeyRecorder
    var codingPath: [any CodingKey] { inner.codingPath }
    var allKeys: [Key] { inner.allKeys }

    func contains(_ key: Key) -> Bool {
        recorder.note(key)
        return inner.contains(key)
    }
    func decodeNil(forKey key: Key) throws -> Bool {
        recorder.note(key)
        return try inner.decodeNil(forKey: key)
    }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        recorder.note(key)
        return try inner.decode(type, forKey: key)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        recorder.note(key)
        return try inner.decodeIfPresent(type, forKey: key)
    }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { recorder.note(key); return try inner.decode(type, forKey: key) }
    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        recorder.note(key)
        return try inner.nestedContainer(keyedBy: type, forKey: key)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        recorder.note(key)
        return try inner.nestedUnkeyedContainer(forKey: key)
    }
    func superDecoder() throws -> any Decoder { try inner.superDecoder() }
    func superDecoder(forKey key: Key) throws -> any Decoder {
        recorder.note(key)
        return try inner.superDecoder(forKey: key)
    }
}
