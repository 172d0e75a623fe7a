/// A content record from an LDIF file: a DN and its ordered, multi-valued attributes.
public struct LDIFRecord: Sendable {
    /// The record's distinguished name.
    public let dn: DistinguishedName
    /// The 1-based line of the record's `dn:` line.
    public let line: Int
    /// All attribute lines in file order (one element per value).
    public let attributes: [LDIFAttribute]

    /// Creates a record.
    public init(dn: DistinguishedName, line: Int, attributes: [LDIFAttribute]) {
        self.dn = dn
        self.line = line
        self.attributes = attributes
    }

    /// The attribute lines named `name` (case-insensitive), in order.
    public func attributes(named name: String) -> [LDIFAttribute] {
        attributes.filter { $0.hasName(name) }
    }

    /// The text values of `name` (case-insensitive), in order; binary non-UTF-8 values are skipped.
    public func values(_ name: String) -> [String] {
        attributes(named: name).compactMap(\.value.text)
    }

    /// The first text value of `name`, if any.
    public func first(_ name: String) -> String? {
        values(name).first
    }

    /// The raw bytes of every value of `name`, in order.
    public func rawValues(_ name: String) -> [[UInt8]] {
        attributes(named: name).map(\.value.bytes)
    }
}
