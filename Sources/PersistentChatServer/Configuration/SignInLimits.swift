import YAMLConfig

/// server.yaml's `limits.sign_in`: how failed sign-ins are counted and delayed, and how many passwords are checked at
/// once (see docs/configuration.md and docs/security.md).
///
/// Three counters, each over `window`: one per (account, source address) pair (`failures`), one per source address
/// across accounts (`address_failures`), one per account across addresses (`account_failures`). A pair or an address
/// past its count is refused for a delay that starts at `window / failures` and doubles with each further failure, up
/// to `longest_delay`. An account past its count delays only the addresses that have themselves failed for it, so an
/// attack from elsewhere never stops its owner signing in from a clean address.
public struct SignInLimits: Sendable, Equatable {
    /// Failed sign-ins of one account from one address before that pair is delayed.
    public var failures = 5
    /// Failed sign-ins from one address, whatever the account, before the address is delayed.
    public var addressFailures = 20
    /// Failed sign-ins of one account from all addresses before every address that failed for it is delayed at its
    /// next failure.
    public var accountFailures = 100
    /// How long failures are remembered: a counter starts again after `window` without failure or delay.
    public var window: Duration = .seconds(300)
    /// The longest delay.
    public var longestDelay: Duration = .seconds(900)
    /// Passwords checked at once, each on a thread of its own (never on the event loops or Swift's cooperative pool).
    public var verifiers = 2
    /// Sign-ins that may wait for a verifier; more are refused at once as throttled.
    public var waitingVerifications = 64
    /// Most counters kept per kind (pair, address, account); past it the least recently used are dropped.
    public var trackedCounters = 10_000

    public init() {}

    /// The first delay: `window / failures`.
    public var firstDelay: Duration { window / failures }
}

extension SignInLimits: Decodable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case failures, addressFailures = "address_failures", accountFailures = "account_failures", window
        case longestDelay = "longest_delay", verifiers, waitingVerifications = "waiting_verifications"
        case trackedCounters = "tracked_counters"
    }

    public init(from decoder: any Decoder) throws {
        self.init()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func read(_ key: CodingKeys, _ value: inout Int, min: Int = 1, max: Int) throws {
            try container.decode(key, within: min...max, into: &value)
        }
        try read(.failures, &failures, max: 1_000_000)
        try read(.addressFailures, &addressFailures, max: 1_000_000)
        try read(.accountFailures, &accountFailures, max: 1_000_000)
        try read(.verifiers, &verifiers, max: 256)
        try read(.waitingVerifications, &waitingVerifications, max: 1_000_000)
        try read(.trackedCounters, &trackedCounters, min: 100, max: 10_000_000)
        window = try container.decodeIfPresent(ConfigDuration.self, forKey: .window)?.duration ?? window
        longestDelay = try container.decodeIfPresent(ConfigDuration.self, forKey: .longestDelay)?.duration ?? longestDelay
    }
}
