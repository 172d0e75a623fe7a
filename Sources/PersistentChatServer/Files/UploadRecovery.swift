import Foundation
import Logging
import PersistentChatProtocol
import YAMLConfig

/// The start-up check of uploaded files against their records, after a crash between the steps of an upload
/// (``ServerCore/completeUpload(token:grant:room:category:)``): each finding is logged by key, room and name, and
/// cleaned up.
///
/// - a record whose upload was never posted (no message of its uploader in its room names the file): the record and
///   the file are removed; one whose message was stored is marked with it and kept;
/// - a record whose file is missing: the record is removed, so a download of the link answers "no such file";
/// - a file that no record names: removed;
/// - uploads left in staging: dropped.
///
/// Stored files are narrowed to 0600 and the folders to 0700.
struct UploadRecovery {
    let store: ChatStore
    let storage: FileStorage
    let logger: Logger

    /// What the check found and cleaned up.
    struct Findings: Equatable {
        var unposted: [String] = []
        var missingFiles: [String] = []
        var unrecordedFiles: [String] = []
        var staged = 0
    }

    @discardableResult
    func run() throws -> Findings {
        try storage.prepareFolders()
        var findings = Findings()
        findings.staged = dropStaged()
        var onDisk = storedFileNames()
        var dropped: [String] = []
        for record in try store.allFileRecords() {
            let described: Logger.Metadata = [
                "key": "\(record.storageKey)", "room_id": "\(record.roomId)", "name": "\(LogText.escaped(record.name))",
            ]
            if record.messageId == nil {
                if let messageId = try store.messagePosting(record) {
                    try store.markFilePostedNow(key: record.storageKey, messageId: messageId)
                    logger.notice("an upload's message was stored but not noted on its record; noted now",
                                  metadata: described.merging(["message_id": "\(messageId)"]) { $1 })
                } else {
                    logger.warning("an uploaded file was never posted (the server stopped first); its record and file are removed",
                                   metadata: described)
                    dropped.append(record.storageKey)
                    findings.unposted.append(record.storageKey)
                    continue
                }
            }
            guard onDisk.remove(record.storageKey) != nil else {
                logger.warning("a file link's file is missing; its record is removed, so downloads of it answer 'no such file'",
                               metadata: described)
                dropped.append(record.storageKey)
                findings.missingFiles.append(record.storageKey)
                continue
            }
            narrow(storage.url(key: record.storageKey).path)
        }
        try store.deleteFileRecords(keys: dropped)
        for key in findings.unposted { storage.remove(key: key) }
        for key in onDisk.sorted() {
            logger.warning("a stored file has no record (the server stopped before recording it); it is removed",
                           metadata: ["key": "\(key)", "path": "\(storage.url(key: key).path)"])
            storage.remove(key: key)
            findings.unrecordedFiles.append(key)
        }
        if !findings.unposted.isEmpty || !findings.unrecordedFiles.isEmpty {
            try FileStorage.syncFolder(storage.folder.path)
        }
        return findings
    }

    /// Drops what an earlier run left in staging; returns how many uploads.
    private func dropStaged() -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: storage.staging.path)) ?? []
        guard !names.isEmpty else { return 0 }
        logger.warning("uploads left unfinished by an earlier run are dropped", metadata: ["count": "\(names.count)"])
        storage.discardAllStaged()
        return names.count
    }

    /// The keys of the stored files (other names in the folder are reported and left alone).
    private func storedFileNames() -> Set<String> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: storage.folder.path)) ?? []
        var keys = Set<String>()
        for name in names where name != storage.staging.lastPathComponent {
            guard UUID(uuidString: name) != nil, name == name.lowercased() else {
                logger.warning("the files folder holds something the server did not store; it is left alone",
                               metadata: ["path": "\(storage.url(key: name).path)"])
                continue
            }
            keys.insert(name)
        }
        return keys
    }

    /// Narrows a stored file to 0600, saying so when others could read it.
    private func narrow(_ path: String) {
        guard let before = DataFolder.mode(of: path), before != 0o600 else { return }
        try? PrivateFiles.restrict(path, to: 0o600)
        if before & 0o077 != 0 {
            logger.warning("an uploaded file was open to other users; narrowed to 0600",
                           metadata: ["path": "\(path)", "mode": "\(String(before, radix: 8))"])
        }
    }
}
