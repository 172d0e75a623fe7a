/// A rate limit setting: a ``Rate`` such as `5/m`, or `off`.
enum RateSetting: Decodable, Equatable {
    case off
    case limited(Rate)

    /// The rate; nil when off.
    var rate: Rate? {
        switch self {
        case .off: nil
        case .limited(let rate): rate
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        if text == "off" {
            self = .off
        } else if let rate = Rate.parse(text) {
            self = .limited(rate)
        } else {
            throw DecodingError.dataCorruptedError(in: container,
                                                   debugDescription: "expected a rate such as 5/m, 10/s or 3/10s (or off), got '\(text)'")
        }
    }
}
