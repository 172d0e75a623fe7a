import Foundation

/// Where a new bot package finds the Persistent Chat package: a local checkout (a path, written relative to the new
/// package when it can be) or a Git URL with the lowest version to take.
enum BotPackageDependency: Equatable {
    case path(URL)
    case url(String, from: String)

    /// The checkout this bothost was built from, when it is still there.
    static var sourceCheckout: URL? {
        // Sources/BothostCommandLine/NewBot/ is three folders below the package's root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return isPersistentChatPackage(root) ? root : nil
    }

    /// Reads `--dependency` (a URL when it has `://` or starts with `git@`, a folder otherwise), or the checkout this
    /// bothost was built from when nil.
    init(_ given: String?, from version: String) throws(BotPackageError) {
        guard let given else {
            guard let checkout = Self.sourceCheckout else {
                throw BotPackageError(reason: "the Persistent Chat checkout this bothost was built from is gone: give --dependency PATH or --dependency URL")
            }
            self = .path(checkout)
            return
        }
        if given.contains("://") || given.hasPrefix("git@") {
            self = .url(given, from: version)
            return
        }
        let folder = URL(fileURLWithPath: given).standardizedFileURL
        guard Self.isPersistentChatPackage(folder) else {
            throw BotPackageError(reason: "\(folder.path) is not a Persistent Chat checkout (no Package.swift naming PersistentChat)")
        }
        self = .path(folder)
    }

    static func isPersistentChatPackage(_ folder: URL) -> Bool {
        guard let manifest = try? String(contentsOf: folder.appendingPathComponent("Package.swift"), encoding: .utf8) else { return false }
        return manifest.contains(#"name: "PersistentChat""#)
    }

    /// The `.package(…)` line of the new package's manifest, for a package at `packageFolder`.
    func manifestEntry(from packageFolder: URL) -> String {
        switch self {
        case .path(let checkout):
            #".package(name: "PersistentChat", path: "\#(Self.relativePath(to: checkout, from: packageFolder))")"#
        case .url(let url, let version):
            #".package(url: "\#(url)", from: "\#(version)")"#
        }
    }

    /// The path of `target` as seen from `base` (both absolute): `../..` and the like, or `target` itself when they
    /// share nothing but the root.
    static func relativePath(to target: URL, from base: URL) -> String {
        let to = target.standardizedFileURL.pathComponents
        let from = base.standardizedFileURL.pathComponents
        let shared = zip(to, from).prefix { $0 == $1 }.count
        guard shared > 1 else { return target.standardizedFileURL.path }
        let ups = Array(repeating: "..", count: from.count - shared)
        let path = (ups + to.dropFirst(shared)).joined(separator: "/")
        return path.isEmpty ? "." : path
    }
}
