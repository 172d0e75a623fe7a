import CLDAP
#if canImport(Glibc)
import Glibc
#endif

/// One connection to a directory server through libldap. Every call blocks its thread until the server answers or the
/// time-out passes, so connections are used only on ``LDAPWorkers``' threads, by one thread at a time. The
/// connection is closed (an unbind) when the value is released.
final class LDAPConnection: @unchecked Sendable {
    // @unchecked: the handle is used by one thread at a time, handed over through LDAPWorkers' locked idle lists.
    private let handle: OpaquePointer
    let settings: LDAPConnectionSettings

    /// Opens a connection: the TCP connection, the TLS handshake (ldaps) or StartTLS, checking the server's
    /// certificate against `caFile` (or the system's authorities) and the URL's host name. No bind is made.
    init(settings: LDAPConnectionSettings) throws(LDAPError) {
        LDAPLibrary.prepare()
        self.settings = settings
        var opened: OpaquePointer?
        let url = settings.url.description
        let code = ldap_initialize(&opened, url)
        guard code == LDAP_SUCCESS, let opened else { throw LDAPError(code: code, operation: "connect to \(url)") }
        handle = opened
        try configure()
        if settings.startTLS && !settings.url.isLDAPS {
            let started = ldap_start_tls_s(handle, nil, nil)
            guard started == LDAP_SUCCESS else {
                throw LDAPError(code: started, operation: "StartTLS with \(url)", diagnostic: diagnostic() ?? tlsFailure())
            }
        } else {
            // Connect now, so that a server that is not there is told here, not at the first operation.
            let connected = ldap_connect(handle)
            guard connected == LDAP_SUCCESS else {
                throw LDAPError(code: connected, operation: "connect to \(url)",
                                diagnostic: diagnostic() ?? (settings.url.isLDAPS ? tlsFailure() : nil))
            }
        }
    }

    /// What to say when a TLS connection could not be made: libldap tells a failed handshake and a server that is not
    /// there alike, so a plain TCP connection tells them apart.
    private func tlsFailure() -> String {
        let url = settings.url
        guard TCPProbe.reachable(host: url.host, port: url.port, timeout: settings.connectTimeout) else {
            return "nothing accepts connections on \(url.host):\(url.port)"
        }
        let authorities = settings.caFile.map { "the CAs in \($0)" } ?? "the system's CAs"
        return "the server answers, but the TLS handshake failed: its certificate is not issued by \(authorities), "
            + "or does not name \(url.host), or has expired"
    }

    deinit {
        _ = ldap_unbind_ext_s(handle, nil, nil)
    }

    private func configure() throws(LDAPError) {
        let operation = "configure the connection to \(settings.url)"
        func check(_ code: Int32, _ what: String) throws(LDAPError) {
            guard code == LDAP_OPT_SUCCESS else { throw LDAPError(operation: operation, clientMessage: "cannot set \(what) (\(code))") }
        }
        try check(cldap_set_int(handle, LDAP_OPT_PROTOCOL_VERSION, LDAP_VERSION3), "protocol version 3")
        try check(cldap_set_off(handle, LDAP_OPT_REFERRALS), "referrals off")
        try check(cldap_set_timeout(handle, LDAP_OPT_NETWORK_TIMEOUT, settings.connectTimeout.wholeMilliseconds), "the connect time-out")
        try check(cldap_set_timeout(handle, LDAP_OPT_TIMEOUT, settings.operationTimeout.wholeMilliseconds), "the operation time-out")
        // TCP keepalive: a connection a firewall dropped in silence is found out in about 90 s, not at the next use.
        try check(cldap_set_int(handle, LDAP_OPT_X_KEEPALIVE_IDLE, 60), "the keepalive idle time")
        try check(cldap_set_int(handle, LDAP_OPT_X_KEEPALIVE_PROBES, 3), "the keepalive probes")
        try check(cldap_set_int(handle, LDAP_OPT_X_KEEPALIVE_INTERVAL, 10), "the keepalive interval")
        guard settings.usesTLS else { return }
        try check(cldap_set_int(handle, LDAP_OPT_X_TLS_REQUIRE_CERT, LDAP_OPT_X_TLS_DEMAND), "certificate checks")
        try check(cldap_set_int(handle, LDAP_OPT_X_TLS_PROTOCOL_MIN, 0x303), "TLS 1.2 at least")
        if let caFile = settings.caFile {
            try check(cldap_set_string(handle, LDAP_OPT_X_TLS_CACERTFILE, caFile), "the CA file \(caFile)")
        }
        try check(cldap_set_int(handle, LDAP_OPT_X_TLS_NEWCTX, 0), "a TLS context of its own")
    }

    /// The server's diagnostic text for the last operation, if any.
    private func diagnostic() -> String? {
        guard let text = cldap_diagnostic(handle) else { return nil }
        defer { ldap_memfree(text) }
        let message = String(cString: text)
        return message.isEmpty || message == "(unknown error code)" ? nil : message
    }

    /// A simple bind as `dn` with `password`. An empty password is refused here, never sent: the server would take
    /// it as an unauthenticated bind and say yes (RFC 4513 §5.1.2).
    func bind(dn: String, password: String) throws(LDAPError) {
        let operation = "bind as \(dn)"
        guard !password.isEmpty else { throw LDAPError(code: LDAP_INVALID_CREDENTIALS, operation: operation, diagnostic: "empty password refused before binding") }
        var secret = Array(password.utf8)
        defer { for index in secret.indices { secret[index] = 0 } }
        let code = secret.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { cldap_simple_bind(handle, dn, $0.baseAddress, $0.count) }
        }
        guard code == LDAP_SUCCESS else { throw LDAPError(code: code, operation: operation, diagnostic: diagnostic()) }
    }

    /// Every entry under `base` (the whole subtree, or `base` alone with `baseOnly`) matching `filter`, with the
    /// attributes named. With `pageSize` > 0 the search is made in pages of that many entries (RFC 2696), as Active
    /// Directory requires past 1,000. At most `sizeLimit` entries (0: no limit of ours); a server's own size limit ends
    /// the search with what came back so far when `acceptPartial`. A base that does not exist is an error (result 32),
    /// never an empty answer: a renamed base DN must not read as a directory with nobody in it.
    func search(base: String, baseOnly: Bool = false, filter: String, attributes: [String], pageSize: Int,
                sizeLimit: Int = 0, acceptPartial: Bool = false) throws(LDAPError) -> [LDAPEntry] {
        let operation = "search under \(base) for \(filter)"
        var names = attributes.map { strdup($0) }
        names.append(nil)
        defer { names.forEach { free($0) } }
        var entries: [LDAPEntry] = []
        var cookie = berval(bv_len: 0, bv_val: nil)
        defer { if cookie.bv_val != nil { ber_memfree(cookie.bv_val) } }
        repeat {
            var result: OpaquePointer?
            var next = berval(bv_len: 0, bv_val: nil)
            let limit = sizeLimit > 0 ? Int32(clamping: sizeLimit - entries.count) : 0
            let code = names.withUnsafeMutableBufferPointer { list in
                withUnsafeMutablePointer(to: &cookie) { current in
                    cldap_search(handle, base, baseOnly ? 0 : 2, filter, list.baseAddress, pageSize > 0 ? 1 : 0, Int32(clamping: pageSize),
                                 current.pointee.bv_val == nil ? nil : current, settings.operationTimeout.wholeMilliseconds,
                                 limit, &result, &next)
                }
            }
            if let result {
                entries += Self.entries(in: result, handle: handle)
                ldap_msgfree(result)
            }
            if cookie.bv_val != nil { ber_memfree(cookie.bv_val) }
            cookie = next
            switch code {
            case LDAP_SUCCESS:
                break
            case LDAP_SIZELIMIT_EXCEEDED where acceptPartial || (sizeLimit > 0 && entries.count >= sizeLimit):
                abandonPagedSearch(base: base, baseOnly: baseOnly, filter: filter, cookie: &cookie)
                return entries
            default:
                throw LDAPError(code: code, operation: operation, diagnostic: diagnostic())
            }
            if sizeLimit > 0, entries.count >= sizeLimit {
                abandonPagedSearch(base: base, baseOnly: baseOnly, filter: filter, cookie: &cookie)
                return Array(entries.prefix(sizeLimit))
            }
        } while pageSize > 0 && cookie.bv_val != nil
        return entries
    }

    /// Tells the server a paged search stopped before its last page will not be read on (a page of size 0 with the
    /// cookie, RFC 2696 §3), so it does not keep the result set: Active Directory keeps only a few per connection.
    private func abandonPagedSearch(base: String, baseOnly: Bool, filter: String, cookie: inout berval) {
        guard cookie.bv_val != nil else { return }
        var result: OpaquePointer?
        var next = berval(bv_len: 0, bv_val: nil)
        _ = withUnsafeMutablePointer(to: &cookie) { current in
            cldap_search(handle, base, baseOnly ? 0 : 2, filter, nil, 1, 0, current, settings.operationTimeout.wholeMilliseconds,
                         0, &result, &next)
        }
        if let result { ldap_msgfree(result) }
        if next.bv_val != nil { ber_memfree(next.bv_val) }
    }

    /// Reads the entries of a search result.
    private static func entries(in result: OpaquePointer, handle: OpaquePointer) -> [LDAPEntry] {
        var entries: [LDAPEntry] = []
        var current = ldap_first_entry(handle, result)
        while let entry = current {
            defer { current = ldap_next_entry(handle, entry) }
            guard let dnText = ldap_get_dn(handle, entry) else { continue }
            let dn = String(cString: dnText)
            ldap_memfree(dnText)
            var attributes: [String: [[UInt8]]] = [:]
            var position: OpaquePointer?
            var name = ldap_first_attribute(handle, entry, &position)
            while let attribute = name {
                if let values = ldap_get_values_len(handle, entry, attribute) {
                    var bytes: [[UInt8]] = []
                    var index = 0
                    while let value = values[index] {
                        let raw = value.pointee
                        bytes.append(raw.bv_len == 0 || raw.bv_val == nil ? [] : Array(UnsafeRawBufferPointer(start: raw.bv_val, count: Int(raw.bv_len))))
                        index += 1
                    }
                    ldap_value_free_len(values)
                    attributes[String(cString: attribute).lowercased(), default: []] += bytes
                }
                ldap_memfree(attribute)
                name = ldap_next_attribute(handle, entry, position)
            }
            if let position { ber_free(position, 0) }
            entries.append(LDAPEntry(dn: dn, attributes: attributes))
        }
        return entries
    }
}

/// libldap's process-wide set-up, done once before the first connection.
enum LDAPLibrary {
    private static let prepared: Void = {
        cldap_ignore_sigpipe()
        cldap_initialize_library()
    }()

    /// Reads the library's global settings and ignores SIGPIPE (a server that hangs up must not end the process).
    static func prepare() { _ = prepared }
}
