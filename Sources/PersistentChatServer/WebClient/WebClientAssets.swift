import Crypto
import Foundation
import YAMLConfig

/// The web client's files, as pchatd serves them: embedded in the binary at build time, or read once from a folder
/// (server.yaml `web_client.assets`).
struct WebClientAssets: Sendable {
    /// One file, ready to send.
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
        /// A strong validator: the SHA-256 of the bytes, quoted.
        let etag: String
    }

    /// The files by path inside the folder (`index.html`, `views/room.js`, …).
    let files: [String: Asset]

    /// What went wrong reading the client's files.
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    init(files: [String: [UInt8]]) {
        var assets: [String: Asset] = [:]
        for (path, bytes) in files {
            let digest = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            assets[path] = Asset(bytes: bytes, contentType: Self.contentType(of: path), etag: "\"\(digest.prefix(32))\"")
        }
        self.files = assets
    }

    /// The copy built into pchatd.
    static let embeddedCopy: WebClientAssets = {
        var files: [String: [UInt8]] = [:]
        for (path, base64) in embedded {
            files[path] = Data(base64Encoded: base64).map { Array($0) } ?? []
        }
        return WebClientAssets(files: files)
    }()

    /// What server.yaml's `web_client` asks to serve: nil when turned off, the folder's files when `assets` names
    /// one, the built-in copy otherwise. A folder that cannot be read stops pchatd with the key named.
    static func serving(_ settings: WebClientSettings, sourceFile: String) throws(ConfigError) -> WebClientAssets? {
        guard settings.enabled else { return nil }
        guard let folder = settings.assetsFolder else { return embeddedCopy }
        do {
            return try load(folder: folder)
        } catch {
            throw ConfigError(file: sourceFile, key: "web_client.assets", reason: "\(error)")
        }
    }

    /// Reads every file under `folder`; refuses a folder without `index.html`.
    static func load(folder: String) throws -> WebClientAssets {
        let root = URL(filePath: folder, directoryHint: .isDirectory).standardizedFileURL
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                          options: [.skipsHiddenFiles]) else {
            throw LoadError(description: "cannot read the folder \(folder)")
        }
        var files: [String: [UInt8]] = [:]
        while let file = walker.nextObject() as? URL {
            guard (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true else { continue }
            let path = String(file.standardizedFileURL.path(percentEncoded: false).dropFirst(root.path(percentEncoded: false).count))
                .trimmingCharacters(in: CharacterSet(charactersIn: "/"))
            do {
                files[path] = Array(try Data(contentsOf: file))
            } catch {
                throw LoadError(description: "cannot read \(file.path): \(error.localizedDescription)")
            }
        }
        guard files["index.html"] != nil else {
            throw LoadError(description: "\(folder) has no index.html")
        }
        return WebClientAssets(files: files)
    }

    /// The media type sent for a file, by its extension.
    static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last.map({ $0.lowercased() }) ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "ico": "image/x-icon"
        case "json", "webmanifest": "application/json"
        case "txt": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}
