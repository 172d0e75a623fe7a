import Foundation
import PersistentChatProtocol

/// Short-lived, unguessable file-transfer tokens, kept in memory (a restart invalidates them, as expiry would),
/// with the state of each upload: bytes received and whether a chunk is being written.
actor FileTokens {
    /// What a token allows.
    struct Grant: Sendable {
        enum Kind: Sendable { case upload, download }
        let kind: Kind
        let user: SIPURI
        let roomId: Int64
        let fileName: String
        let size: Int64
        /// For downloads: the stored file's key.
        let storageKey: String?
        let expiresAt: Int64
    }

    /// Why a chunk may not be written now.
    enum ChunkRefusal: Error {
        case unknownToken
        case busy
        case wrongOffset(expected: Int64)
    }

    /// Most unfinished uploads one user may hold.
    static let maxOpenUploadsPerUser = 8

    private var grants: [String: Grant] = [:]
    private var received: [String: Int64] = [:]
    private var writing: Set<String> = []
    private let lifetime: Int64
    private let storage: FileStorage

    /// Starts with no tokens and drops uploads left unfinished by an earlier run.
    init(lifetimeMinutes: Int, storage: FileStorage) {
        lifetime = Int64(lifetimeMinutes) * 60_000
        self.storage = storage
        storage.discardAllStaged()
    }

    /// Issues a token; nil when the user already holds the most unfinished uploads allowed.
    func issue(_ kind: Grant.Kind, user: SIPURI, roomId: Int64, fileName: String, size: Int64, storageKey: String?) -> (String, Grant)? {
        sweep()
        if kind == .upload, grants.values.filter({ $0.kind == .upload && $0.user == user }).count >= Self.maxOpenUploadsPerUser {
            return nil
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let grant = Grant(kind: kind, user: user, roomId: roomId, fileName: fileName, size: size, storageKey: storageKey,
                          expiresAt: ServerCore.now + lifetime)
        grants[token] = grant
        if kind == .upload { received[token] = 0 }
        return (token, grant)
    }

    /// The grant of a live token.
    func grant(_ token: String) -> Grant? {
        sweep()
        return grants[token]
    }

    /// Claims the right to write the chunk at `offset`: one chunk at a time, in order.
    func beginChunk(_ token: String, offset: Int64) -> Result<(Grant, Int64), ChunkRefusal> {
        sweep()
        guard let grant = grants[token], grant.kind == .upload, let held = received[token] else { return .failure(.unknownToken) }
        guard !writing.contains(token) else { return .failure(.busy) }
        guard offset == held else { return .failure(.wrongOffset(expected: held)) }
        writing.insert(token)
        return .success((grant, held))
    }

    /// Ends a chunk: `bytes` more were written (0 when the write failed).
    func endChunk(_ token: String, bytes: Int64) {
        writing.remove(token)
        received[token, default: 0] += bytes
    }

    /// Ends a token: its upload completed, failed or was cancelled. Drops any staged bytes left.
    func revoke(_ token: String) {
        grants[token] = nil
        received[token] = nil
        writing.remove(token)
        storage.discard(token)
    }

    /// Forgets expired tokens and drops their staged bytes (not while a chunk is being written).
    private func sweep() {
        let now = ServerCore.now
        for (token, grant) in grants where grant.expiresAt <= now && !writing.contains(token) {
            revoke(token)
        }
    }
}
