import HTTPTypes

extension HTTPFields {
    /// Header fields from names and values given as text, in order, refusing rather than repairing bad ones.
    ///
    /// `HTTPFields` itself replaces CR, LF and NUL in a value with spaces; this refuses them instead, so text that
    /// tries to inject a header line is reported rather than sent.
    /// - Throws: ``CurlHTTPError/invalidHeader(name:)`` when a name is not an HTTP token or a value contains CR, LF
    ///   or NUL.
    public init(validating fields: some Sequence<(String, String)>) throws(CurlHTTPError) {
        self.init()
        for (name, value) in fields {
            guard let fieldName = HTTPField.Name(name), !value.utf8.contains(where: Self.isForbiddenInValue) else {
                throw .invalidHeader(name: name)
            }
            append(HTTPField(name: fieldName, value: value))
        }
    }

    /// Header fields from a literal such as `["X-Api-Key": key]`, in order; see the form that takes a sequence.
    public init(validating fields: KeyValuePairs<String, String>) throws(CurlHTTPError) {
        try self.init(validating: fields.map { ($0.key, $0.value) })
    }

    private static func isForbiddenInValue(_ byte: UInt8) -> Bool {
        byte == 0x0D || byte == 0x0A || byte == 0x00
    }
}
