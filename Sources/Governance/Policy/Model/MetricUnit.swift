/// What a validation metric measures, which fixes the values its thresholds may take.
///
/// | unit | values | example |
/// | --- | --- | --- |
/// | `rate` | 0…1, a fraction (0.005 is 0.5%) | missing-value rate |
/// | `score` | 0…1 | explanation stability, Brier score |
/// | `delta` | −1…1, a difference of two rates | accuracy minus baseline accuracy |
/// | `ratio` | ≥ 0 | disparate impact ratio |
/// | `psi` | 0…10 | population stability index |
/// | `milliseconds` | ≥ 0 | p95 latency |
/// | `hours` | ≥ 0 | shadow test duration |
/// | `requests_per_minute` | ≥ 0 | throughput |
/// | `count` | whole numbers ≥ 0 | critical vulnerabilities |
/// | `boolean` | `true` / `false` | artifact signature verified |
public enum MetricUnit: String, Sendable, Hashable, CaseIterable {
    /// A fraction from 0 to 1.
    case rate
    /// A score from 0 to 1.
    case score
    /// A difference of two rates, from −1 to 1.
    case delta
    /// A ratio of 0 or more.
    case ratio
    /// A population stability index from 0 to 10.
    case psi
    /// A time in milliseconds.
    case milliseconds
    /// A time in hours.
    case hours
    /// A throughput in requests per minute.
    case requestsPerMinute = "requests_per_minute"
    /// A whole number of 0 or more.
    case count
    /// `true` or `false`.
    case boolean

    /// The values a measurement or threshold of this unit may take; `nil` for `boolean`.
    public var range: ClosedRange<Double>? {
        switch self {
        case .rate, .score: 0...1
        case .delta: -1...1
        case .psi: 0...10
        case .ratio, .milliseconds, .hours, .requestsPerMinute, .count: 0...Double.greatestFiniteMagnitude
        case .boolean: nil
        }
    }

    /// Whether values must be whole numbers.
    public var isWhole: Bool { self == .count }

    /// How the range reads in a message, such as "0…1".
    var rangeText: String {
        guard let range else { return "true or false" }
        if range.upperBound == .greatestFiniteMagnitude { return "0 or more" }
        return "\(range.lowerBound.policyText)…\(range.upperBound.policyText)"
    }

    /// The remedy for a threshold outside the range.
    var remedy: String {
        switch self {
        case .rate: "write rates as fractions (0.005 for 0.5%)"
        case .psi: "use a PSI from 0 to 10 (0.10 is the usual drift tolerance)"
        case .delta: "write changes as fractions (-0.01 for a 1.0% drop)"
        case .count: "use a whole number of 0 or more"
        default: "thresholds of \(rawValue) take values \(rangeText)"
        }
    }
}
