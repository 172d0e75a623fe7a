import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// One HTTP/1.1 request on a connection of its own, over TLS (verified like the WebSocket, with the same trust) when
/// the server's address is `wss://`: the client of file transfers (and of the tests' HTTPS requests).
package struct HTTPExchange: Sendable {
    package struct Response: Sendable {
        package var status: Int
        package var body: Data
    }

    /// Connecting may take this long, and so may the whole exchange after it.
    static let connectTimeout: TimeAmount = .seconds(10)
    static let exchangeTimeout: TimeAmount = .seconds(60)
    /// The largest response body read (a download chunk is far smaller).
    static let bodyLimit = 16 << 20

    let address: WebSocketAddress
    /// The context made once for the whole transfer; nil for `ws://`.
    let tls: NIOSSLContext?

    package init(address: WebSocketAddress, trust: ServerTrust) throws(PersistentChatError) {
        self.address = address
        tls = address.secure ? try ClientTLS.context(trust) : nil
    }

    /// Sends `method path` with `headers` and `body`, and reads the whole response.
    package func send(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [],
              body: Data? = nil) async throws(PersistentChatError) -> Response {
        let note = TLSFailureNote()
        let origin = "\(address.secure ? "https" : "http")://\(address.hostHeader)"
        let channel: NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>
        do {
            channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(Self.connectTimeout)
                .connect(host: address.host, port: address.port) { [tls, address] channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(ClientTLS.handler(tls, host: address.host))
                            try channel.pipeline.syncOperations.addHandler(TLSFailureRecorder(host: address.host, into: note))
                        }
                        try channel.pipeline.syncOperations.addHTTPClientHandlers()
                        return try NIOAsyncChannel<HTTPClientResponsePart, HTTPClientRequestPart>(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw .connection("cannot connect to \(origin): \(error)")
        }
        let deadline = channel.channel.eventLoop.scheduleTask(in: Self.exchangeTimeout) { [channel] in
            channel.channel.close(promise: nil)
        }
        defer { deadline.cancel() }
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: path)
        head.headers.add(name: "Host", value: address.hostHeader)
        head.headers.add(name: "Content-Length", value: "\(body?.count ?? 0)")
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        do {
            return try await channel.executeThenClose { inbound, outbound in
                try await outbound.write(.head(head))
                if let body, !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
                try await outbound.write(.end(nil))
                var response = Response(status: 0, body: Data())
                for try await part in inbound {
                    switch part {
                    case .head(let head):
                        response.status = Int(head.status.code)
                    case .body(let chunk):
                        guard response.body.count + chunk.readableBytes <= Self.bodyLimit else {
                            throw ExchangeError("the response is over \(Self.bodyLimit) bytes")
                        }
                        response.body.append(contentsOf: chunk.readableBytesView)
                    case .end:
                        return response
                    }
                }
                throw ExchangeError(note.failure ?? "the server closed the connection before it answered")
            }
        } catch let error as ExchangeError {
            throw .connection("\(method) \(origin)\(path): \(error.description)")
        } catch {
            throw .connection("\(method) \(origin)\(path): \(note.failure ?? "\(error)")")
        }
    }
}

/// Why an exchange ended without a response.
private struct ExchangeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
