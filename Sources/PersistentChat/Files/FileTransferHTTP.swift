import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP requests of file transfers, against the server the endpoint is connected to.
struct FileTransferHTTP: Sendable {
    /// `http://HOST:PORT` (or https) from the endpoint's `ws://` address.
    let base: String

    init(serverAddress: String) {
        if serverAddress.hasPrefix("wss://") {
            base = "https://" + serverAddress.dropFirst(6)
        } else if serverAddress.hasPrefix("ws://") {
            base = "http://" + serverAddress.dropFirst(5)
        } else {
            base = serverAddress
        }
    }

    /// Sends one upload chunk; returns the reply body.
    func put(path: String, offset: Int64, body: Data) async throws(PersistentChatError) -> Data {
        guard let url = URL(string: "\(base)\(path)?offset=\(offset)") else { throw .invalidArgument("bad upload path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = "PUT"
        request.httpBody = body
        request.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        return try await send(request, what: "upload")
    }

    /// Ends an upload early, so the server drops what it received (best effort).
    func cancel(path: String) async {
        guard let url = URL(string: "\(base)\(path)") else { return }
        var request = URLRequest(url: url)
        request.httpMethod = "DELETE"
        _ = try? await send(request, what: "cancel")
    }

    /// Reads bytes `from...to` of a download.
    func get(path: String, from: Int64, to: Int64) async throws(PersistentChatError) -> Data {
        guard let url = URL(string: "\(base)\(path)") else { throw .invalidArgument("bad download path \(path)") }
        var request = URLRequest(url: url)
        request.setValue("bytes=\(from)-\(to)", forHTTPHeaderField: "Range")
        return try await send(request, what: "download")
    }

    private func send(_ request: URLRequest, what: String) async throws(PersistentChatError) -> Data {
        let data: Data
        let response: URLResponse
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw .connection("the \(what) failed: \(error.localizedDescription)")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            struct Failure: Decodable { let error: ErrorPayload }
            if let failure = try? JSONDecoder().decode(Failure.self, from: data) {
                throw PersistentChatError(failure.error)
            }
            throw .connection("the \(what) failed with HTTP status \(status)")
        }
        return data
    }
}
