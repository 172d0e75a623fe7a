import Dispatch
import ServiceLifecycle
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls ``PersistentChatServer/reload()`` on each SIGHUP until the server shuts down (pchatd only: an in-process
/// server leaves the process's signals alone).
final class HangUpService: Service {
    private let server: PersistentChatServer
    private let hangUps: AsyncStream<Void>
    /// The signal source, cancelled when the service ends.
    private let source: Mutex<(any DispatchSourceSignal)?>

    /// Takes SIGHUP over at once (its default action ends the process), before the server listens.
    init(server: PersistentChatServer) {
        self.server = server
        let (hangUps, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.hangUps = hangUps
        signal(SIGHUP, SIG_IGN)
        let signals = DispatchSource.makeSignalSource(signal: SIGHUP, queue: .global())
        signals.setEventHandler { continuation.yield() }
        signals.setCancelHandler { continuation.finish() }
        signals.resume()
        source = Mutex(signals)
    }

    func run() async throws {
        defer { source.withLock { $0?.cancel() } }
        for await _ in hangUps.cancelOnGracefulShutdown() {
            server.logger.notice("SIGHUP: reloading the directory, the certificate and server.yaml")
            await server.reload()
        }
    }
}
