/// Timing-safe comparison for digests and tokens.
package enum ConstantTime {
    /// Whether `lhs` and `rhs` are equal, examining every byte regardless of where they differ.
    package static func equals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
