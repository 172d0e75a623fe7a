/// Checks request header fields before they reach libcurl.
enum HeaderValidation {
    /// Throws ``CurlHTTPError/invalidHeader(name:)`` when a name is not an HTTP token or a value
    /// contains CR, LF or NUL (header injection).
    static func validate(_ headers: HTTPHeaders) throws(CurlHTTPError) {
        for field in headers {
            guard isToken(field.name), !field.value.utf8.contains(where: isForbiddenInValue) else {
                throw .invalidHeader(name: field.name)
            }
        }
    }

    private static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy(isTokenByte)
    }

    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    private static func isForbiddenInValue(_ byte: UInt8) -> Bool {
        byte == 0x0D || byte == 0x0A || byte == 0x00
    }
}
