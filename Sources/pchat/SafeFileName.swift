import Foundation

/// A file name given by someone else (the uploader of a file) made safe to write in a folder: no path separators,
/// no control or invisible formatting characters (line breaks, escapes, bidirectional overrides), no leading dot
/// (no hidden files, never `.` or `..`), at most 255 bytes.
enum SafeFileName {
    /// The most bytes of a file name on common file systems.
    static let maxBytes = 255
    /// The name used when nothing safe is left of the one given.
    static let fallback = "download"

    /// `suggested` made safe; the same text when it already was.
    static func make(from suggested: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in suggested.unicodeScalars {
            scalars.append(isUnsafe(scalar) ? "_" : scalar)
        }
        var name = String(scalars)
        while let first = name.first, first == "." || first.isWhitespace { name.removeFirst() }
        while let last = name.last, last.isWhitespace { name.removeLast() }
        if name.isEmpty { return fallback }
        return fitted(name)
    }

    /// The `number`th alternative to a taken name: `report (1).pdf`, `report (2).pdf`, `notes (1)`.
    static func numbered(_ name: String, _ number: Int) -> String {
        let (base, suffix) = split(name)
        return fitted(base, suffix: " (\(number))" + suffix)
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "/" || scalar == "\\" { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned: return true
        default: return false
        }
    }

    /// The name before its extension, and the extension with its dot (empty when there is none).
    private static func split(_ name: String) -> (base: String, suffix: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        let suffix = String(name[dot...])
        // A long "extension" is part of the name.
        guard suffix.utf8.count <= 16 else { return (name, "") }
        return (String(name[..<dot]), suffix)
    }

    /// `base` + `suffix` within ``maxBytes``, cutting the base (whole characters) when needed.
    private static func fitted(_ base: String, suffix: String = "") -> String {
        if base.utf8.count + suffix.utf8.count <= maxBytes { return base + suffix }
        var cut = base
        while !cut.isEmpty, cut.utf8.count + suffix.utf8.count > maxBytes { cut.removeLast() }
        return cut + suffix
    }

    /// `name` within ``maxBytes``, keeping its extension.
    private static func fitted(_ name: String) -> String {
        let (base, suffix) = split(name)
        return fitted(base, suffix: suffix)
    }
}
