public import LedgerCore

/// The population stability index of one feature, with each bin's share of it.
public struct PopulationStability: Hashable, Sendable {
    /// The index, 0 or more; 0.10 is the usual drift tolerance.
    public let value: Double
    /// (cᵢ − rᵢ)·ln(cᵢ / rᵢ) per bin, in the reference's bin order; they sum to ``value``.
    public let contributions: [Double]

    /// `{"psi", "contributions", "epsilon"}`.
    public var json: JSONObject {
        [
            "psi": .number(value), "contributions": .array(contributions.map { .number($0) }),
            "epsilon": .number(DriftMetrics.psiEpsilon),
        ]
    }
}
