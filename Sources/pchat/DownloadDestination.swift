import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where `pchat download` puts a file: never over an existing file unless `--force`, and under a safe name when the
/// name comes from the server (``SafeFileName``).
///
/// The file is received into a hidden temporary file in the destination folder, then moved into place: the final
/// name is claimed with an exclusive create, so a file that appears meanwhile is not overwritten either.
struct DownloadDestination {
    /// The folder written to.
    let folder: URL
    /// The name to write, before any renumbering.
    let name: String
    /// Whether the name was chosen by the user (`--output FILE`), so it is not renumbered when taken.
    let chosenByUser: Bool
    let force: Bool

    /// Most alternatives tried for a taken name.
    static let maxAlternatives = 1000

    /// The destination for a file the server calls `serverName`, given `--output` (a file or an existing folder).
    init(output: String?, serverName: String, force: Bool) {
        self.force = force
        var isFolder: ObjCBool = false
        if let output, FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue {
            folder = URL(fileURLWithPath: output, isDirectory: true)
            name = SafeFileName.make(from: serverName)
            chosenByUser = false
        } else if let output {
            let url = URL(fileURLWithPath: output)
            folder = url.deletingLastPathComponent()
            name = url.lastPathComponent
            chosenByUser = true
        } else {
            folder = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
            name = SafeFileName.make(from: serverName)
            chosenByUser = false
        }
    }

    /// Fails before anything is received when the user's own `--output` file exists and `--force` is not given.
    func checkBeforeTransfer() throws {
        let target = folder.appendingPathComponent(name)
        if chosenByUser, !force, FileManager.default.fileExists(atPath: target.path) {
            throw CommandFailure("\(target.path) exists; give --force to overwrite it")
        }
    }

    /// A hidden file in the destination folder for the transfer to write.
    func temporaryFile() -> URL {
        folder.appendingPathComponent(".pchat-\(UUID().uuidString).download")
    }

    /// Moves the received `temporary` file into place and returns where it went.
    func place(_ temporary: URL) throws -> URL {
        if force {
            let target = folder.appendingPathComponent(name)
            try move(temporary, to: target)
            return target
        }
        let candidates = chosenByUser ? [name] : [name] + (1...Self.maxAlternatives).map { SafeFileName.numbered(name, $0) }
        for candidate in candidates {
            let target = folder.appendingPathComponent(candidate)
            let fd = open(target.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw CommandFailure("cannot write \(target.path): \(String(cString: strerror(errno)))")
            }
            close(fd)
            // The name is ours now: the received file replaces the empty one just made.
            do {
                try move(temporary, to: target)
            } catch {
                unlink(target.path)
                throw error
            }
            return target
        }
        if chosenByUser {
            throw CommandFailure("\(folder.appendingPathComponent(name).path) exists; give --force to overwrite it")
        }
        throw CommandFailure("\(name) and \(Self.maxAlternatives) numbered alternatives exist in \(folder.path)")
    }

    private func move(_ temporary: URL, to target: URL) throws {
        guard rename(temporary.path, target.path) == 0 else {
            throw CommandFailure("cannot write \(target.path): \(String(cString: strerror(errno)))")
        }
    }
}
