/// Completion of one hop, resumed exactly once by whoever removes its entry.
typealias TransferContinuation = CheckedContinuation<TransferResult, any Error>

/// Request bookkeeping shared between async callers and the driver thread (always under a lock).
///
/// Each request id moves `registered → queued → running → (removed)`; cancellation or
/// shutdown removes the entry at any stage. Removing an entry transfers the duty to
/// resume its continuation, so each continuation is resumed exactly once.
struct DriverState {
    enum Entry {
        /// Id allocated, continuation not yet attached.
        case registered
        /// Cancelled before the continuation was attached.
        case cancelledEarly
        /// Waiting for the driver thread to create the transfer.
        case queued(TransferSpec, TransferContinuation)
        /// Owned by the driver thread's multi handle.
        case running(TransferContinuation)
    }

    var nextID: UInt64 = 1
    var entries: [UInt64: Entry] = [:]
    /// Ids queued for the driver thread to start, in submission order.
    var toStart: [UInt64] = []
    /// Ids of running transfers the driver thread must remove.
    var toRemove: [UInt64] = []
    var isShutDown = false
    /// Set by the driver thread once it no longer touches the multi handle.
    var hasExited = false
    var exitWaiters: [CheckedContinuation<Void, Never>] = []
}
