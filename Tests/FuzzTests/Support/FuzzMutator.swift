/// Turns a valid input into a damaged one, the way a broken or hostile peer would: cuts, stray bytes, repeated keys,
/// deep nesting, numbers no type holds, lone surrogates and bytes that are not UTF-8.
struct FuzzMutator {
    /// Text that keys and values of the input's own format are made of, spliced in to reach deeper paths.
    var vocabulary: [String]

    /// `seed` with one to four damages done to it.
    func mutate(_ seed: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            bytes = mutateOnce(bytes, using: &random)
        }
        return bytes
    }

    private func mutateOnce(_ input: [UInt8], using random: inout FuzzRandom) -> [UInt8] {
        var bytes = input
        let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        switch Int.random(in: 0..<11, using: &random) {
        case 0:
            bytes.removeSubrange(at...)
        case 1 where !bytes.isEmpty:
            let end = min(bytes.count, at + Int.random(in: 1...16, using: &random))
            if at < end { bytes.removeSubrange(at..<end) }
        case 2:
            bytes.insert(random.pick(Self.strayBytes), at: at)
        case 3 where at < bytes.count:
            bytes[at] = UInt8.random(in: 0...255, using: &random)
        case 4:
            bytes.insert(contentsOf: Array(random.pick(vocabulary).utf8), at: at)
        case 5:
            let depth = random.pick([2, 63, 64, 65, 600, 5_000])
            let open = random.chance(50) ? "[" : "{\"a\":"
            let close = open == "[" ? "]" : "}"
            let nested = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            bytes.insert(contentsOf: Array(nested.utf8), at: at)
        case 6:
            bytes.insert(contentsOf: Array(random.pick(Self.numbers).utf8), at: at)
        case 7:
            bytes.insert(contentsOf: Array(random.pick(Self.escapes).utf8), at: at)
        case 8:
            bytes.insert(contentsOf: random.pick(Self.invalidUTF8), at: at)
        case 9 where !bytes.isEmpty:
            // A copy of a stretch of the input elsewhere in it: keys appear twice, objects overlap.
            let start = Int.random(in: 0..<bytes.count, using: &random)
            let end = min(bytes.count, start + Int.random(in: 1...40, using: &random))
            bytes.insert(contentsOf: Array(bytes[start..<end]), at: at)
        default:
            bytes.insert(contentsOf: Array(String(repeating: random.pick(["a", " ", "\\", "\"", "\n"]), count: 300).utf8), at: at)
        }
        return bytes
    }

    static let strayBytes: [UInt8] = Array("{}[]\":,\\ \n\t-+.0eE".utf8) + [0x00, 0x01, 0x1F, 0x7F, 0x80, 0xC0, 0xFF]
    static let numbers = ["1e400", "-1e400", "99999999999999999999999999", "-9223372036854775809", "9223372036854775808",
                          "1.5", "-0", "0x10", "1e-400", "00", ".5", "NaN", "Infinity", "4294967296"]
    static let escapes = [#"\ud800"#, #"\udc00"#, #"\ud800\u0041"#, #"\u00"#, #"\uZZZZ"#, #"\x41"#, #"\"#, #"\u0000"#,
                          #"\ud83d\ude80"#]
    static let invalidUTF8: [[UInt8]] = [[0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                         [0xE2, 0x82], [0x80, 0x80]]
}
