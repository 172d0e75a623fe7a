import Foundation

/// A one-shot job a bot scheduled with ``BotContext/schedule(at:key:payload:)``: handed to its ``BotCommands/onJob(_:_:)``
/// handler once, when due (at the host's next start when it fell due while the host was not running).
public struct ScheduledJob: Sendable, Hashable {
    /// The key it was scheduled under, unique in the instance.
    public let key: String
    /// When it falls due.
    public let dueAt: Date
    /// The payload, as JSON.
    let payload: Data

    /// The payload as stored (JSON text).
    var payloadText: String { String(decoding: payload, as: UTF8.self) }

    /// The payload decoded as `type`; the error names the job.
    public func payload<Payload: Decodable>(as type: Payload.Type = Payload.self) throws -> Payload {
        do {
            return try JSONDecoder().decode(type, from: payload)
        } catch {
            throw BotStorageError(key: key, reason: "the job's payload is not a \(Payload.self): \(error)")
        }
    }
}

/// A job as kept in storage: when it falls due (seconds since 1970) and its payload as JSON text.
struct StoredJob: Codable, Sendable {
    let due: Double
    let payload: String

    static let keyPrefix = "job:"

    func job(key: String) -> ScheduledJob {
        ScheduledJob(key: key, dueAt: Date(timeIntervalSince1970: due), payload: Data(payload.utf8))
    }
}
