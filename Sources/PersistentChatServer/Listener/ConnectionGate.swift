import Logging
import NIOCore
import Synchronization

/// Counts the open sockets, in total and per source address, and admits a new one only below both caps
/// (`limits.connections.total` and `per_address`).
///
/// An IPv6 source is counted by its /64 prefix (one host usually holds a whole /64); an IPv4-mapped IPv6 address
/// counts as its IPv4 address. A socket whose peer address is unknown (a Unix socket) counts towards the total only.
final class ConnectionGate: Sendable {
    /// Why a socket was refused: the text sent with the 503.
    enum Refusal: Sendable, Equatable {
        case total(Int)
        case perAddress(Int)

        var message: String {
            switch self {
            case .total(let limit): "pchatd: the server has \(limit) connections open, its limit; try again later"
            case .perAddress(let limit): "pchatd: \(limit) connections are open from your address, its limit; close one or try again later"
            }
        }
    }

    private struct State {
        var total = 0
        var perAddress: [String: Int] = [:]
    }

    private let limits: ConnectionLimits
    private let state = Mutex(State())
    private let events: ConnectionEvents

    init(limits: ConnectionLimits, events: ConnectionEvents) {
        self.limits = limits
        self.events = events
    }

    /// The sockets open now.
    var openCount: Int { state.withLock { $0.total } }

    /// Admits `channel` (just accepted) and releases its place when it closes; the refusal when a cap is reached.
    func admit(_ channel: any Channel) -> Refusal? {
        let key = channel.remoteAddress.flatMap(Self.sourceKey)
        let refusal = state.withLock { state -> Refusal? in
            guard state.total < limits.total else { return .total(limits.total) }
            if let key {
                let count = state.perAddress[key, default: 0]
                guard count < limits.perAddress else { return .perAddress(limits.perAddress) }
                state.perAddress[key] = count + 1
            }
            state.total += 1
            return nil
        }
        if let refusal {
            events.record(refusal.event, address: key)
            return refusal
        }
        channel.closeFuture.whenComplete { _ in self.release(key) }
        return nil
    }

    private func release(_ key: String?) {
        state.withLock { state in
            state.total -= 1
            guard let key, let count = state.perAddress[key] else { return }
            state.perAddress[key] = count > 1 ? count - 1 : nil
        }
    }

    /// The address a socket is counted under: IPv4 as written, IPv6 by its first 64 bits.
    static func sourceKey(_ address: SocketAddress) -> String? {
        switch address {
        case .v4:
            return address.ipAddress
        case .v6(let v6):
            let bytes = withUnsafeBytes(of: v6.address.sin6_addr) { Array($0) }
            if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xff, bytes[11] == 0xff {
                return bytes[12...].map(String.init).joined(separator: ".")
            }
            let groups = stride(from: 0, to: 8, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }
            return groups.joined(separator: ":") + "::/64"
        case .unixDomainSocket:
            return nil
        }
    }
}

private extension ConnectionGate.Refusal {
    var event: ConnectionEvents.Event {
        switch self {
        case .total: .refusedOverTotal
        case .perAddress: .refusedOverPerAddress
        }
    }
}
