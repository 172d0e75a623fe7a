import Foundation

/// Files and folders only their owner may read: secrets checked before use, data created without group or other
/// access whatever the process's umask.
public enum PrivateFiles {
    /// A warning naming `path` and its mode when group or others may read or write it (a password, token or key
    /// file); nil when only the owner can, or when the file cannot be examined (reading it reports that).
    public static func exposureWarning(for path: String, describing what: String) -> String? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? Int else { return nil }
        guard permissions & 0o077 != 0 else { return nil }
        let mode = String(permissions & 0o777, radix: 8)
        return "\(what) \(path) can be read by others (mode \(mode)); run chmod 600 \(path)"
    }

    /// Creates `path` (and missing parents) as a folder only the owner may enter, and narrows an existing one to 0700.
    public static func createFolder(atPath path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        try restrict(path, to: 0o700)
    }

    /// Sets `path`'s mode to `mode` exactly (chmod is not subject to the umask).
    public static func restrict(_ path: String, to mode: Int) throws {
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    }
}
