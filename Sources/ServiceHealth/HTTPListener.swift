import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
import ServiceLifecycle

/// A Hummingbird router served on an address in a service group of its own, until ``stop()``: the daemons' operations
/// listeners, bothost's webhook listener, and the test harness's HTTP stub.
package final class HTTPListener: Sendable {
    /// The port it listens on (the one chosen, when asked for port 0).
    package let port: Int
    private let group: ServiceGroup
    private let task: Task<Void, any Error>

    private init(port: Int, group: ServiceGroup, task: Task<Void, any Error>) {
        self.port = port
        self.group = group
        self.task = task
    }

    /// Listens on `host:port` (port 0: any free one), over TLS with `tls`; throws ``HTTPListenError`` when it cannot bind.
    package static func start(_ router: Router<BasicRequestContext>, host: String, port: Int, tls: TLSConfiguration? = nil,
                              logger: Logger) async throws -> HTTPListener {
        let (ports, continuation) = AsyncStream.makeStream(of: Int?.self)
        let server: HTTPServerBuilder = try tls.map { try .tls(.http1(), tlsConfiguration: $0) } ?? .http1()
        let app = Application(router: router, server: server, configuration: .init(address: .hostname(host, port: port)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port)
                                  continuation.finish()
                              }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        let task = Task {
            defer { continuation.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let listening = await iterator.next(), let bound = listening else {
            _ = try? await task.value
            throw HTTPListenError(address: "\(host):\(port)")
        }
        return HTTPListener(port: bound, group: group, task: task)
    }

    /// Stops listening, letting requests under way finish (cancelling instead could drop a connection accepted in
    /// that instant, which NIO treats as a fatal error).
    package func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await task.value
    }
}

/// A listener could not bind its address.
package struct HTTPListenError: Error, Sendable, CustomStringConvertible {
    package let address: String
    package var description: String { "cannot listen on \(address) (in use, or not an address of this machine)" }
}
