import CCurl
import Foundation
import Logging
import Synchronization

/// Runs all transfers of one client on a single thread around one libcurl multi handle.
///
/// Callers submit hops from async code and wait on continuations; the thread loops on
/// `curl_multi_perform`/`curl_multi_poll` and is woken with `curl_multi_wakeup` when work
/// is added, cancelled or the driver shuts down. Only the driver thread touches easy handles;
/// the multi handle is shared solely for `curl_multi_wakeup`, which libcurl allows from any thread.
final class CurlMultiDriver: @unchecked Sendable {
    private let multi: UnsafeMutableRawPointer?
    private let state = Mutex(DriverState())
    private let logger: Logger

    /// Creates the multi handle and starts the driver thread.
    init(logger: Logger) {
        CurlGlobal.ensureInitialized()
        self.logger = logger
        multi = curl_multi_init()
        guard multi != nil else {
            logger.error("curl_multi_init failed; HTTP client is unusable")
            state.withLock {
                $0.isShutDown = true
                $0.hasExited = true
            }
            return
        }
        let thread = Thread { [self] in
            runLoop()
        }
        thread.name = "CurlHTTP driver"
        thread.start()
    }

    // MARK: Caller side

    /// Runs one hop and returns its result. Throws ``CurlHTTPError``, including `.cancelled`
    /// when the calling task is cancelled and `.clientShutDown` after ``shutdown()``.
    func perform(_ spec: TransferSpec) async throws -> TransferResult {
        let id = try register()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                submit(id: id, spec: spec, continuation: continuation)
            }
        } onCancel: {
            cancel(id: id)
        }
    }

    /// Stops the driver thread, failing unfinished requests with `.clientShutDown`,
    /// and returns once the thread has released libcurl.
    func shutdown() async {
        await withCheckedContinuation { (waiter: CheckedContinuation<Void, Never>) in
            let finished = state.withLock { state in
                state.isShutDown = true
                if state.hasExited { return true }
                state.exitWaiters.append(waiter)
                return false
            }
            if finished {
                waiter.resume()
            } else {
                wake()
            }
        }
    }

    /// Asks the driver thread to stop without waiting for it.
    func requestShutdown() {
        state.withLock { $0.isShutDown = true }
        wake()
    }

    private func register() throws(CurlHTTPError) -> UInt64 {
        try state.withLock { (state) throws(CurlHTTPError) -> UInt64 in
            guard !state.isShutDown else { throw .clientShutDown }
            let id = state.nextID
            state.nextID += 1
            state.entries[id] = .registered
            return id
        }
    }

    private func submit(id: UInt64, spec: TransferSpec, continuation: TransferContinuation) {
        let failure = state.withLock { state -> CurlHTTPError? in
            switch state.entries[id] {
            case .registered?:
                guard !state.isShutDown else {
                    state.entries[id] = nil
                    return .clientShutDown
                }
                state.entries[id] = .queued(spec, continuation)
                state.toStart.append(id)
                return nil
            case .cancelledEarly?:
                state.entries[id] = nil
                return .cancelled
            case .queued?, .running?, nil:
                return .clientShutDown
            }
        }
        if let failure {
            continuation.resume(throwing: failure)
        } else {
            wake()
        }
    }

    private func cancel(id: UInt64) {
        let continuation = state.withLock { state -> TransferContinuation? in
            switch state.entries[id] {
            case .registered?:
                state.entries[id] = .cancelledEarly
                return nil
            case .queued(_, let continuation)?:
                state.entries[id] = nil
                return continuation
            case .running(let continuation)?:
                state.entries[id] = nil
                state.toRemove.append(id)
                return continuation
            case .cancelledEarly?, nil:
                return nil
            }
        }
        guard let continuation else { return }
        continuation.resume(throwing: CurlHTTPError.cancelled)
        wake()
    }

    private func wake() {
        state.withLock { state in
            if !state.hasExited, let multi {
                _ = curl_multi_wakeup(multi)
            }
        }
    }

    // MARK: Driver thread

    private struct Batch {
        var starts: [(id: UInt64, spec: TransferSpec)] = []
        var removals: [UInt64] = []
        var shutDown = false
    }

    private func runLoop() {
        guard let multi else { return }
        var transfers = TransferTable()
        logger.debug("CurlHTTP driver started")
        while true {
            let batch = takeBatch()
            if batch.shutDown { break }
            for id in batch.removals {
                if let transfer = transfers.remove(id: id) {
                    curl_multi_remove_handle(multi, transfer.easy)
                    transfer.close()
                }
            }
            for start in batch.starts {
                begin(start.id, start.spec, in: multi, table: &transfers)
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            collectFinished(in: multi, table: &transfers)
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for transfer in transfers.removeAll() {
            curl_multi_remove_handle(multi, transfer.easy)
            transfer.close()
        }
        finishShutdown(multi: multi)
    }

    private func takeBatch() -> Batch {
        state.withLock { state in
            var batch = Batch(removals: state.toRemove, shutDown: state.isShutDown)
            for id in state.toStart {
                if case .queued(let spec, let continuation)? = state.entries[id] {
                    state.entries[id] = .running(continuation)
                    batch.starts.append((id, spec))
                }
            }
            state.toStart.removeAll()
            state.toRemove.removeAll()
            return batch
        }
    }

    private func begin(_ id: UInt64, _ spec: TransferSpec, in multi: UnsafeMutableRawPointer, table: inout TransferTable) {
        var transferLogger = logger
        transferLogger[metadataKey: "http.request.id"] = "\(id)"
        do {
            let transfer = try Transfer(id: id, spec: spec, logger: transferLogger)
            let code = curl_multi_add_handle(multi, transfer.easy)
            guard code == CURLM_OK else {
                transfer.close()
                let message = String(cString: curl_multi_strerror(code))
                finish(id, .failure(.transport(code: Int(code.rawValue), message: "\(spec.target.url): \(message)")))
                return
            }
            table.insert(transfer)
        } catch {
            finish(id, .failure(error))
        }
    }

    private func collectFinished(in multi: UnsafeMutableRawPointer, table: inout TransferTable) {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard ccurl_msg_is_done(message) != 0, let easy = message.pointee.easy_handle,
                let transfer = table.remove(easy: easy)
            else { continue }
            let result = transfer.result(for: ccurl_msg_result(message))
            curl_multi_remove_handle(multi, easy)
            transfer.close()
            finish(transfer.id, result)
        }
    }

    /// Resumes the request `id` unless cancellation or shutdown already did.
    private func finish(_ id: UInt64, _ result: Result<TransferResult, CurlHTTPError>) {
        let continuation = state.withLock { state -> TransferContinuation? in
            guard case .running(let continuation)? = state.entries[id] else { return nil }
            state.entries[id] = nil
            return continuation
        }
        continuation?.resume(with: result.mapError { $0 as any Error })
    }

    private func finishShutdown(multi: UnsafeMutableRawPointer) {
        let (pending, waiters) = state.withLock { state in
            var pending: [TransferContinuation] = []
            for entry in state.entries.values {
                switch entry {
                case .queued(_, let continuation), .running(let continuation):
                    pending.append(continuation)
                case .registered, .cancelledEarly:
                    break
                }
            }
            state.entries.removeAll()
            state.toStart.removeAll()
            state.toRemove.removeAll()
            state.hasExited = true
            let waiters = state.exitWaiters
            state.exitWaiters.removeAll()
            return (pending, waiters)
        }
        curl_multi_cleanup(multi)
        logger.debug("CurlHTTP driver stopped", metadata: ["failedRequests": "\(pending.count)"])
        for continuation in pending {
            continuation.resume(throwing: CurlHTTPError.clientShutDown)
        }
        for waiter in waiters {
            waiter.resume()
        }
    }
}
