import Testing

@testable import CurlHTTP

@Suite("AddressPolicy classification (pure, no connections)")
struct AddressPolicyTests {
    static let table: [(String, AddressCategory)] = [
        // IPv4
        ("0.0.0.0", .unspecified),
        ("0.1.2.3", .unspecified),
        ("127.0.0.1", .loopback),
        ("127.255.255.254", .loopback),
        ("10.0.0.1", .privateNetwork),
        ("10.255.255.255", .privateNetwork),
        ("172.16.0.1", .privateNetwork),
        ("172.31.255.255", .privateNetwork),
        ("172.15.255.255", .global),
        ("172.32.0.1", .global),
        ("192.168.0.1", .privateNetwork),
        ("192.169.0.1", .global),
        ("169.254.169.254", .linkLocal),
        ("100.64.0.1", .carrierGradeNAT),
        ("100.127.255.255", .carrierGradeNAT),
        ("100.63.255.255", .global),
        ("100.128.0.0", .global),
        ("224.0.0.1", .multicast),
        ("240.0.0.1", .reserved),
        ("255.255.255.255", .reserved),
        ("8.8.8.8", .global),
        ("93.184.216.34", .global),
        // IPv6
        ("::", .unspecified),
        ("::1", .loopback),
        ("[::1]", .loopback),
        ("fe80::1", .linkLocal),
        ("febf:ffff::1", .linkLocal),
        ("fec0::1", .privateNetwork),
        ("fc00::1", .uniqueLocal),
        ("fd12:3456:789a::1", .uniqueLocal),
        ("ff02::1", .multicast),
        ("2001:4860:4860::8888", .global),
        ("2606:4700:4700::1111", .global),
        // IPv4-mapped, -compatible and NAT64 forms
        ("::ffff:127.0.0.1", .loopback),
        ("::ffff:7f00:1", .loopback),
        ("::ffff:10.1.2.3", .privateNetwork),
        ("::ffff:172.20.0.1", .privateNetwork),
        ("::ffff:192.168.1.1", .privateNetwork),
        ("::ffff:169.254.169.254", .linkLocal),
        ("::ffff:100.64.0.1", .carrierGradeNAT),
        ("::ffff:0.0.0.0", .unspecified),
        ("::ffff:8.8.8.8", .global),
        ("::127.0.0.1", .loopback),
        ("64:ff9b::10.0.0.1", .privateNetwork),
        ("64:ff9b::8.8.8.8", .global),
    ]

    @Test("classifies literals", arguments: table)
    func classify(literal: String, expected: AddressCategory) throws {
        let address = try #require(IPAddress(literal))
        #expect(AddressPolicy.category(of: address) == expected)
        #expect(AddressPolicy.isRefused(address) == (expected != .global))
    }

    @Test("rejects malformed literals", arguments: ["", "1.2.3", "256.0.0.1", "1.2.3.4.5", "localhost", "::g", "1::2::3", "fe80::1%eth0"])
    func rejectsMalformed(literal: String) {
        #expect(IPAddress(literal) == nil)
    }

    @Test func bytesRoundTrip() throws {
        #expect(IPAddress(bytes: [127, 0, 0, 1]) == .v4(IPv4Address(127, 0, 0, 1)))
        #expect(IPAddress(bytes: [1, 2, 3]) == nil)
        let mapped = try #require(IPAddress("::ffff:127.0.0.1"))
        #expect(mapped.description == "::ffff:127.0.0.1")
        #expect(IPAddress("10.0.0.1")?.description == "10.0.0.1")
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
    }
}
