import HTTPTypes

/// The test routes' own header names.
extension HTTPField.Name {
    static let xMethod = testName("X-Method")
    static let xCustom = testName("X-Custom")
    static let xCustomEcho = testName("X-Custom-Echo")
    static let xReply = testName("X-Reply")
    static let xMulti = testName("X-Multi")
    static let xKeep = testName("X-Keep")

    /// A name the test spells out; a typo in one stops the test run.
    static func testName(_ text: String) -> HTTPField.Name {
        guard let name = HTTPField.Name(text) else { preconditionFailure("invalid test header name \(text)") }
        return name
    }
}
