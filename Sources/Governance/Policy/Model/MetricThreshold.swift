/// The pass condition of one metric of a validation suite.
///
/// Numeric metrics have a lower bound (`min`: value ≥ bound, or `above`: value > bound), an
/// upper bound (`max`: value ≤ bound, or `below`: value < bound), or both. Boolean metrics have
/// `expect`. The ledger evaluates recorded measurements against these bounds: pass or fail is
/// never taken from the caller.
///
/// ```swift
/// let psi = policy.suites[SuiteName("data_quality")!]!.metrics[MetricName("max_feature_psi")!]!
/// psi.accepts(0.04) // true: below 0.10
/// ```
public struct MetricThreshold: Hashable, Sendable {
    /// One bound of a numeric threshold.
    public struct Bound: Hashable, Sendable {
        /// The bound's value.
        public let value: Double
        /// Whether a measurement equal to the bound passes (`min`, `max`) or not (`above`, `below`).
        public let isInclusive: Bool

        /// Creates a bound.
        public init(value: Double, isInclusive: Bool) {
            self.value = value
            self.isInclusive = isInclusive
        }
    }

    /// What the metric measures.
    public let unit: MetricUnit
    /// What the metric is, for people.
    public let description: String
    /// Whether a record of the suite may leave the metric out (such as GPU use without a GPU).
    public let isOptional: Bool
    /// The lower bound (`min` or `above`), if any.
    public let lowerBound: Bound?
    /// The upper bound (`max` or `below`), if any.
    public let upperBound: Bound?
    /// The required value of a boolean metric.
    public let expected: Bool?

    /// Whether a numeric measurement passes; `false` for a boolean metric.
    public func accepts(_ value: Double) -> Bool {
        guard unit != .boolean, value.isFinite else { return false }
        if let lower = lowerBound, lower.isInclusive ? value < lower.value : value <= lower.value { return false }
        if let upper = upperBound, upper.isInclusive ? value > upper.value : value >= upper.value { return false }
        return true
    }

    /// Whether a boolean measurement passes; `false` for a numeric metric.
    public func accepts(_ value: Bool) -> Bool {
        unit == .boolean && expected == value
    }
}
