public import LedgerCore

/// The Brier score of one set of probabilities.
public struct BrierScore: Hashable, Sendable {
    /// The mean squared error of the probabilities, from 0 (perfect) to 1.
    public let value: Double
    /// How many probabilities it averages.
    public let count: Int

    /// `{"brier_score", "count"}`.
    public var json: JSONObject {
        ["brier_score": .number(value), "count": .count(count)]
    }
}
