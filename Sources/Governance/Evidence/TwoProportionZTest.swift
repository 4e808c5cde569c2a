public import LedgerCore

/// The result of a pooled two-proportion z-test.
public struct TwoProportionZTest: Hashable, Sendable {
    /// z = (pA − pB) / standard error.
    public let statistic: Double
    /// The two-sided p-value.
    public let pValue: Double
    /// Successes / trials of arm A.
    public let proportionA: Double
    /// Successes / trials of arm B.
    public let proportionB: Double
    /// Both arms' successes / both arms' trials.
    public let pooledProportion: Double
    /// The conventions that applied, for people.
    public let warnings: [String]

    /// `{"z", "p_value", "proportion_a", "proportion_b", "pooled_proportion", "warnings"}`.
    public var json: JSONObject {
        [
            "z": .number(statistic), "p_value": .number(pValue), "proportion_a": .number(proportionA),
            "proportion_b": .number(proportionB), "pooled_proportion": .number(pooledProportion),
            "warnings": .array(warnings.map { .string($0) }),
        ]
    }
}
