#if canImport(Glibc)
import Glibc
#endif

/// Whether a TCP connection to a host and port can be opened, to tell a server that is not there from one whose TLS
/// handshake failed: libldap reports both alike.
enum TCPProbe {
    /// Tries each address `host` resolves to, waiting at most `timeout` for each.
    static func reachable(host: String, port: Int, timeout: Duration) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return false }
        defer { freeaddrinfo(first) }
        var current: UnsafeMutablePointer<addrinfo>? = first
        while let info = current {
            if connects(info.pointee, timeout: timeout) { return true }
            current = info.pointee.ai_next
        }
        return false
    }

    private static func connects(_ info: addrinfo, timeout: Duration) -> Bool {
        let fd = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        if connect(fd, info.ai_addr, info.ai_addrlen) == 0 { return true }
        guard errno == EINPROGRESS else { return false }
        var poller = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&poller, 1, Int32(clamping: timeout.wholeMilliseconds)) == 1 else { return false }
        var failure: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ERROR, &failure, &length) == 0 && failure == 0
    }
}
