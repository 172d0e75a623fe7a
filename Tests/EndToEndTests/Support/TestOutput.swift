import Foundation

/// Where tests leave files for people to look at afterwards (screenshots): `<package root>/.build/test-output/`,
/// which git ignores with the rest of `.build`.
enum TestOutput {
    /// The package's root folder, found from this file's place in the checkout (Tests/EndToEndTests/Support/).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `<package root>/.build/test-output/<suite>/`, made if missing.
    static func folder(suite: String) throws -> URL {
        let folder = packageRoot.appendingPathComponent(".build/test-output", isDirectory: true)
            .appendingPathComponent(suite, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// `<package root>/.build/test-output/<suite>/<name>.png`, its folder made if missing.
    static func screenshot(suite: String, name: String) throws -> URL {
        try folder(suite: suite).appendingPathComponent("\(name).png")
    }
}
