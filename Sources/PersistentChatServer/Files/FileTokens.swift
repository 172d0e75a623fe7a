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

    /// A user's live tokens of one kind.
    private struct Holder: Hashable {
        let user: SIPURI
        let kind: Grant.Kind
    }

    private var grants: [String: Grant] = [:]
    private var received: [String: Int64] = [:]
    private var writing: Set<String> = []
    /// Live tokens per user and kind, for `limits.per_user.upload_tokens` and `download_tokens`.
    private var held: [Holder: Int] = [:]
    private let lifetime: Int64
    private let storage: FileStorage
    private let limits: PerUserLimits

    /// Starts with no tokens and drops uploads left unfinished by an earlier run.
    init(lifetimeMinutes: Int, storage: FileStorage, perUser limits: PerUserLimits = PerUserLimits()) {
        lifetime = Int64(lifetimeMinutes) * 60_000
        self.storage = storage
        self.limits = limits
        storage.discardAllStaged()
    }

    /// Issues a token; refused (`LimitExceeded`) when the user already holds as many tokens of the kind as allowed.
    func issue(_ kind: Grant.Kind, user: SIPURI, roomId: Int64, fileName: String, size: Int64,
               storageKey: String?) throws(ErrorPayload) -> (String, Grant) {
        sweep()
        let holder = Holder(user: user, kind: kind)
        let most = kind == .upload ? limits.uploadTokens : limits.downloadTokens
        if held[holder, default: 0] >= most {
            let firstExpiry = grants.values.filter { $0.user == user && $0.kind == kind }.map(\.expiresAt).min() ?? ServerCore.now
            let wait = Duration.milliseconds(max(1, firstExpiry - ServerCore.now))
            if kind == .upload {
                throw UserQuotas.refusal(.quotaUploadTokens, "you hold \(most) upload tokens, the most a user may hold "
                                         + "(limits.per_user.upload_tokens)", retryAfter: wait,
                                         retry: "finish or cancel an upload, or try again in")
            }
            throw UserQuotas.refusal(.quotaDownloadTokens, "you hold \(most) download tokens, the most a user may hold "
                                     + "(limits.per_user.download_tokens); each lasts \(lifetime / 60_000) min", retryAfter: wait)
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let grant = Grant(kind: kind, user: user, roomId: roomId, fileName: fileName, size: size, storageKey: storageKey,
                          expiresAt: ServerCore.now + lifetime)
        grants[token] = grant
        held[holder, default: 0] += 1
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
        if let grant = grants.removeValue(forKey: token) {
            let holder = Holder(user: grant.user, kind: grant.kind)
            let left = held[holder, default: 1] - 1
            held[holder] = left > 0 ? left : nil
        }
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
