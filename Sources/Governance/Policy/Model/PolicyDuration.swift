/// A span of time in a policy, such as a monitoring cadence (`15min`, `1h`) or a review interval
/// (`3mo`, `1y`).
///
/// The form is a count from 1 to 9999 without leading zeros followed by a unit: `min` (minutes),
/// `h` (hours), `d` (days), `w` (weeks), `mo` (months) or `y` (years). The text is the canonical
/// form: `60min` and `1h` are different values even though they last as long, so that what the
/// author wrote is what the digest covers.
public struct PolicyDuration: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    LosslessStringConvertible
{
    /// The unit of a duration.
    public enum Unit: String, Sendable, CaseIterable {
        /// `min`
        case minutes = "min"
        /// `h`
        case hours = "h"
        /// `d`
        case days = "d"
        /// `w`
        case weeks = "w"
        /// `mo`
        case months = "mo"
        /// `y`
        case years = "y"

        /// An approximate length in seconds, for ordering (a month is 1/12 of 365.2425 days).
        var approximateSeconds: Double {
            switch self {
            case .minutes: 60
            case .hours: 3_600
            case .days: 86_400
            case .weeks: 604_800
            case .months: 2_629_746
            case .years: 31_556_952
            }
        }
    }

    /// The accepted form, for messages.
    static let rule = "use a count followed by min, h, d, w, mo or y (for example '15min', '1h', '3mo')"

    /// The canonical text, such as `15min`.
    public let rawValue: String
    /// The count of units, 1 to 9999.
    public let count: Int
    /// The unit.
    public let unit: Unit

    /// Parses the canonical form; `nil` for anything else.
    public init?(rawValue: String) {
        let digits = rawValue.prefix { $0.isASCII && $0.isNumber }
        guard let first = digits.first, first != "0", digits.count <= 4,
            let count = Int(digits), let unit = Unit(rawValue: String(rawValue.dropFirst(digits.count)))
        else { return nil }
        self.rawValue = rawValue
        self.count = count
        self.unit = unit
    }

    public init?(_ description: String) { self.init(rawValue: description) }

    public var description: String { rawValue }

    /// The approximate length in seconds, for comparing durations of different units.
    public var approximateSeconds: Double { Double(count) * unit.approximateSeconds }
}
