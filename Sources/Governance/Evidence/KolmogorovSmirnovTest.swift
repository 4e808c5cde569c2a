public import LedgerCore

/// The result of a two-sample Kolmogorov–Smirnov test.
public struct KolmogorovSmirnovTest: Hashable, Sendable {
    /// How the p-value was computed.
    public enum Method: String, Hashable, Sendable {
        /// The exact null distribution (both samples of at most 10,000 values).
        case exact
        /// Smirnov's asymptotic distribution.
        case asymptotic
    }

    /// D, the largest distance between the two empirical distribution functions, from 0 to 1.
    public let statistic: Double
    /// The two-sided p-value, from 0 to 1.
    public let pValue: Double
    /// How ``pValue`` was computed.
    public let method: Method
    /// The size of the reference sample.
    public let referenceCount: Int
    /// The size of the current sample.
    public let currentCount: Int

    /// `{"statistic", "p_value", "method", "reference_count", "current_count"}`.
    public var json: JSONObject {
        [
            "statistic": .number(statistic), "p_value": .number(pValue), "method": .string(method.rawValue),
            "reference_count": .count(referenceCount), "current_count": .count(currentCount),
        ]
    }
}
