import Synchronization
import NIOCore

/// Runs one connection's commands in order, on a task that exists only while commands are waiting.
///
/// An idle connection holds no task. The first text frame starts one; it runs what is queued, then ends. The
/// connection's state (``ClientConnection``) is handed from one such task to the next, never shared by two.
final class CommandRunner: Sendable {
    private enum Item {
        case command(String)
        /// The connection is gone: leave its rooms once the commands before have run.
        case end
    }

    private struct State {
        var items = CircularBuffer<Item>()
        var waitingCommands = 0
        /// Held here while no task runs; a running task has taken it.
        var connection: ClientConnection?
        var ended = false
    }

    private let state: Mutex<State>
    private let limit: Int

    /// `limit`: how many commands may wait before the client is told to slow down.
    init(connection: ClientConnection, limit: Int) {
        state = Mutex(State(connection: connection))
        self.limit = limit
    }

    /// Queues a command; false when `waitingAtMost` (by default `limit`) are already waiting (nothing is queued then).
    func submit(_ text: String, waitingAtMost bound: Int? = nil) -> Bool {
        let limit = bound ?? limit
        let (accepted, start) = state.withLock { state -> (Bool, ClientConnection?) in
            guard !state.ended else { return (true, nil) }
            guard state.waitingCommands < limit else { return (false, nil) }
            state.items.append(.command(text))
            state.waitingCommands += 1
            return (true, state.connection.take())
        }
        if let start { run(start) }
        return accepted
    }

    /// The connection is gone: after the queued commands, it leaves its rooms and its posts are acknowledged.
    func finish() {
        let start = state.withLock { state -> ClientConnection? in
            guard !state.ended else { return nil }
            state.ended = true
            state.items.append(.end)
            return state.connection.take()
        }
        if let start { run(start) }
    }

    private func run(_ connection: ClientConnection) {
        Task {
            var connection = connection
            while let item = next(handingBack: connection) {
                switch item {
                case .command(let text):
                    // After a close (a refused identity, a terminate, a client cut off for not reading), the rest is not run.
                    if !connection.isClosing, !connection.outbox.isCutOff { await connection.handle(text) }
                case .end:
                    await connection.disconnect()
                    // Posts still being committed are acknowledged before the connection ends.
                    await connection.pendingAcks.drain()
                }
            }
        }
    }

    /// The next item; when there is none, the connection goes back to the runner and the task ends.
    private func next(handingBack connection: ClientConnection) -> Item? {
        state.withLock { state in
            guard let item = state.items.popFirst() else {
                state.connection = connection
                return nil
            }
            if case .command = item { state.waitingCommands -= 1 }
            return item
        }
    }
}
