public import LedgerCore

/// The result of Welch's t-test.
public struct WelchTTest: Hashable, Sendable {
    /// t = (ā − b̄) / standard error.
    public let statistic: Double
    /// The Welch–Satterthwaite degrees of freedom.
    public let degreesOfFreedom: Double
    /// The two-sided p-value.
    public let pValue: Double
    /// The mean of sample a.
    public let meanA: Double
    /// The mean of sample b.
    public let meanB: Double
    /// The sample variance of a.
    public let varianceA: Double
    /// The sample variance of b.
    public let varianceB: Double
    /// The conventions that applied, for people.
    public let warnings: [String]

    /// `{"t", "df", "p_value", "mean_a", "mean_b", "variance_a", "variance_b", "warnings"}`.
    public var json: JSONObject {
        [
            "t": .number(statistic), "df": .number(degreesOfFreedom), "p_value": .number(pValue),
            "mean_a": .number(meanA), "mean_b": .number(meanB), "variance_a": .number(varianceA),
            "variance_b": .number(varianceB), "warnings": .array(warnings.map { .string($0) }),
        ]
    }
}
