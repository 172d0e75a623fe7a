import Foundation
import Logging

extension Directory {
    /// Loads a directory from the LDIF file at `path`; every error names the path (and line when known).
    public static func load(ldifAt path: String, logger: Logger = Logger(label: "PersistentChatDirectory")) throws(DirectoryLoadError) -> Directory {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DirectoryLoadError(source: path, message: "cannot read directory file: \(error.localizedDescription)")
        }
        guard let text = UTF8Text.decode(Array(data)) else {
            throw DirectoryLoadError(source: path, message: "directory file is not valid UTF-8")
        }
        return try parse(ldif: text, source: path, logger: logger)
    }

    /// Builds a directory from LDIF text; `source` names it in errors.
    public static func parse(ldif text: String, source: String? = nil, logger: Logger = Logger(label: "PersistentChatDirectory")) throws(DirectoryLoadError) -> Directory {
        do throws(DirectoryLoadError) {
            let records: [LDIFRecord]
            do throws(LDIFError) {
                records = try LDIFParser.parse(text, source: source)
            } catch {
                throw DirectoryLoadError(source: source, line: error.line, message: error.message)
            }
            var entries: [DirectoryEntry] = []
            for record in records {
                entries.append(try DirectoryEntry(record: record))
            }
            let directory = try Directory(entries: entries, logger: logger)
            logger.info("loaded directory", metadata: ["source": "\(source ?? "<text>")", "entries": "\(entries.count)"])
            directory.warnAboutWeakPasswordHashes()
            return directory
        } catch {
            guard let source else { throw error }
            throw error.withSource(source)
        }
    }
}
