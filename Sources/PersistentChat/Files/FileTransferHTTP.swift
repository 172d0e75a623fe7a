import Foundation
import NIOHTTP1

/// The HTTP requests of file transfers, against the server the endpoint is connected to: `http://` beside a `ws://`
/// address, `https://` beside a `wss://` one (verified with the endpoint's ``ServerTrust``).
struct FileTransferHTTP: Sendable {
    private let exchange: HTTPExchange
    /// The path of the endpoint's address before the transfer's own (usually empty).
    private let prefix: String

    init(serverAddress: String, trust: ServerTrust) throws(PersistentChatError) {
        let address = try WebSocketAddress(serverAddress)
        exchange = try HTTPExchange(address: address, trust: trust)
        let path = address.path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        prefix = path.hasSuffix("/") ? String(path.dropLast()) : String(path)
    }

    /// Sends one upload chunk; returns the reply body.
    func put(path: String, offset: Int64, body: Data) async throws(PersistentChatError) -> Data {
        try await send(.PUT, "\(prefix)\(path)?offset=\(offset)", headers: [("Content-Type", "application/octet-stream")],
                       body: body, what: "upload")
    }

    /// Ends an upload early, so the server drops what it received (best effort).
    func cancel(path: String) async {
        _ = try? await send(.DELETE, "\(prefix)\(path)", what: "cancel")
    }

    /// Reads bytes `from...to` of a download.
    func get(path: String, from: Int64, to: Int64) async throws(PersistentChatError) -> Data {
        try await send(.GET, "\(prefix)\(path)", headers: [("Range", "bytes=\(from)-\(to)")], what: "download")
    }

    private func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: Data? = nil,
                      what: String) async throws(PersistentChatError) -> Data {
        let response: HTTPExchange.Response
        do {
            response = try await exchange.send(method, path, headers: headers, body: body)
        } catch {
            throw .connection("the \(what) failed: \(error.message)")
        }
        guard (200..<300).contains(response.status) else {
            struct Failure: Decodable { let error: ErrorPayload }
            if let failure = try? JSONDecoder().decode(Failure.self, from: response.body) {
                throw PersistentChatError(failure.error)
            }
            throw .connection("the \(what) failed with HTTP status \(response.status)")
        }
        return response.body
    }
}
