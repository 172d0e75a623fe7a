import Foundation
import PersistentChatProtocol

/// Short-lived, unguessable file-transfer tokens, kept in memory (a restart invalidates them, as expiry would).
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

    private var grants: [String: Grant] = [:]
    private let lifetime: Int64
    private let storage: FileStorage

    /// Starts with no tokens and drops uploads left unfinished by an earlier run.
    init(lifetimeMinutes: Int, storage: FileStorage) {
        lifetime = Int64(lifetimeMinutes) * 60_000
        self.storage = storage
        storage.discardAllStaged()
    }

    /// Issues a token for `grant` (its `expiresAt` is set here).
    func issue(_ kind: Grant.Kind, user: SIPURI, roomId: Int64, fileName: String, size: Int64, storageKey: String?) -> (String, Grant) {
        for token in sweep() { storage.discard(token) }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let grant = Grant(kind: kind, user: user, roomId: roomId, fileName: fileName, size: size, storageKey: storageKey,
                          expiresAt: ServerCore.now + lifetime)
        grants[token] = grant
        return (token, grant)
    }

    /// The grant of a live token.
    func grant(_ token: String) -> Grant? {
        guard let grant = grants[token] else { return nil }
        guard grant.expiresAt > ServerCore.now else {
            grants[token] = nil
            return nil
        }
        return grant
    }

    /// Ends a token (an upload that completed).
    func revoke(_ token: String) { grants[token] = nil }

    /// Forgets expired tokens; returns them.
    private func sweep() -> [String] {
        let now = ServerCore.now
        let expired = grants.filter { $0.value.expiresAt <= now }.map(\.key)
        for token in expired { grants[token] = nil }
        return expired
    }
}
