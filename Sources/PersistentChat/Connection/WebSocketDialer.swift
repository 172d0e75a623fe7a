import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket

/// Opens a client WebSocket whose frames are handled on its event loop by the handlers it is given (the SDK's
/// connection, and the benchmark's light clients).
package enum WebSocketDialer {
    /// How long connecting (TCP, TLS, upgrade) may take.
    package static let connectTimeout: TimeAmount = .seconds(10)

    /// Connects to `address`, upgrades with frames of at most `frameSizeLimit` bytes, and installs `makeHandlers()`
    /// on the upgraded channel; returns it. A `wss://` address is verified against `trust`.
    package static func connect(
        to address: WebSocketAddress, trust: ServerTrust = .system, frameSizeLimit: Int,
        makeHandlers: @escaping @Sendable () -> [any ChannelHandler]
    ) async throws(PersistentChatError) -> any Channel {
        let tls = address.secure ? try ClientTLS.context(trust) : nil
        let upgraded: EventLoopFuture<(any Channel)?>
        do {
            upgraded = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .connectTimeout(connectTimeout)
                .channelOption(.tcpOption(.tcp_nodelay), value: 1)
                .connect(host: address.host, port: address.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let tlsFailure = TLSFailureNote()
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(ClientTLS.handler(tls, host: address.host))
                            try channel.pipeline.syncOperations.addHandler(TLSFailureRecorder(host: address.host, into: tlsFailure))
                        }
                        let upgrade = try configureUpgrade(channel, address: address, frameSizeLimit: frameSizeLimit,
                                                           makeHandlers: makeHandlers)
                        return settled(upgrade, on: channel, tlsFailure: tlsFailure)
                    }
                }
        } catch {
            throw .connection("cannot connect to \(address): \(error)")
        }
        let channel: (any Channel)?
        do {
            channel = try await upgraded.get()
        } catch {
            throw .connection("cannot open a WebSocket at \(address): \(error)")
        }
        guard let channel else {
            throw .connection("\(address) refused the WebSocket upgrade; is a pchatd listening there?")
        }
        return channel
    }

    /// `upgrade`, or a failure if the channel closes or `connectTimeout` passes first (a server that is not
    /// speaking HTTP may never answer the upgrade request).
    /// A TLS failure recorded in `tlsFailure` is the reason given when the connection fails.
    private static func settled(_ upgrade: EventLoopFuture<(any Channel)?>, on channel: any Channel,
                                tlsFailure: TLSFailureNote) -> EventLoopFuture<(any Channel)?> {
        let promise = channel.eventLoop.makePromise(of: (any Channel)?.self)
        let timeout = channel.eventLoop.scheduleTask(in: connectTimeout) {
            promise.fail(DialError("no WebSocket upgrade within \(connectTimeout.nanoseconds / 1_000_000_000) s"))
            channel.close(promise: nil)
        }
        upgrade.whenComplete { result in
            timeout.cancel()
            if case .failure = result {
                channel.close(promise: nil)
                if let failure = tlsFailure.failure { return promise.fail(DialError(failure)) }
            }
            promise.completeWith(result)
        }
        channel.closeFuture.whenComplete { _ in
            timeout.cancel()
            promise.fail(DialError(tlsFailure.failure ?? "the server closed the connection during the upgrade"))
        }
        return promise.futureResult
    }

    private static func configureUpgrade(
        _ channel: any Channel, address: WebSocketAddress, frameSizeLimit: Int,
        makeHandlers: @escaping @Sendable () -> [any ChannelHandler]
    ) throws -> EventLoopFuture<(any Channel)?> {
        let upgrader = NIOTypedWebSocketClientUpgrader<(any Channel)?>(maxFrameSize: frameSizeLimit) { channel, _ in
            channel.eventLoop.makeCompletedFuture {
                try channel.pipeline.syncOperations.addHandlers(makeHandlers())
                return channel
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: address.hostHeader)
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: address.path, headers: headers)
        let upgrade = NIOTypedHTTPClientUpgradeConfiguration<(any Channel)?>(
            upgradeRequestHead: head, upgraders: [upgrader],
            notUpgradingCompletionHandler: { channel in
                channel.close(promise: nil)
                return channel.eventLoop.makeSucceededFuture(nil)
            })
        return try channel.pipeline.syncOperations.configureUpgradableHTTPClientPipeline(
            configuration: .init(upgradeConfiguration: upgrade))
    }
}

/// Why an upgrade did not finish.
private struct DialError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
