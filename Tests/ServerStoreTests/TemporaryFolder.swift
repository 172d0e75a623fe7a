import Foundation

/// Runs `body` with a new empty folder in the temporary directory (named `prefix-UUID`), removed afterwards.
func withTemporaryFolder(_ prefix: String, _ body: (URL) async throws -> Void) async throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try await body(folder)
}
