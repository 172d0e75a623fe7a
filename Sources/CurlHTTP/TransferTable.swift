/// The driver thread's live transfers, indexed by request id and by easy handle.
struct TransferTable {
    private var byID: [UInt64: Transfer] = [:]
    private var byHandle: [UnsafeMutableRawPointer: Transfer] = [:]

    mutating func insert(_ transfer: Transfer) {
        byID[transfer.id] = transfer
        byHandle[transfer.easy] = transfer
    }

    mutating func remove(id: UInt64) -> Transfer? {
        guard let transfer = byID.removeValue(forKey: id) else { return nil }
        byHandle[transfer.easy] = nil
        return transfer
    }

    mutating func remove(easy: UnsafeMutableRawPointer) -> Transfer? {
        guard let transfer = byHandle.removeValue(forKey: easy) else { return nil }
        byID[transfer.id] = nil
        return transfer
    }

    mutating func removeAll() -> [Transfer] {
        let all = Array(byID.values)
        byID.removeAll()
        byHandle.removeAll()
        return all
    }
}
