public import LedgerCore

/// The four cells of a binary confusion matrix: the data classification metrics and fairness
/// metrics are computed from.
///
/// Counts are whole numbers from 0 to 2⁵³ − 1 and at least one of them is positive.
///
/// ```swift
/// let counts = try ConfusionCounts(truePositives: 90, falsePositives: 10, trueNegatives: 880, falseNegatives: 20)
/// counts.total // 1000
/// ```
public struct ConfusionCounts: Hashable, Sendable {
    /// Positives predicted positive.
    public let truePositives: Int
    /// Negatives predicted positive.
    public let falsePositives: Int
    /// Negatives predicted negative.
    public let trueNegatives: Int
    /// Positives predicted negative.
    public let falseNegatives: Int

    /// Creates validated counts.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when a count is negative or above 2⁵³ − 1, or
    ///   when all four are 0.
    public init(truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int) throws(LedgerError) {
        try EvidenceValidation.count(truePositives, field: "truePositives")
        try EvidenceValidation.count(falsePositives, field: "falsePositives")
        try EvidenceValidation.count(trueNegatives, field: "trueNegatives")
        try EvidenceValidation.count(falseNegatives, field: "falseNegatives")
        if truePositives == 0 && falsePositives == 0 && trueNegatives == 0 && falseNegatives == 0 {
            throw LedgerError(.invalidField, "counts: all four counts are 0; record at least one prediction")
        }
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.trueNegatives = trueNegatives
        self.falseNegatives = falseNegatives
    }

    /// All predictions.
    public var total: Int { truePositives + falsePositives + trueNegatives + falseNegatives }
    /// Actual positives: TP + FN.
    public var positives: Int { truePositives + falseNegatives }
    /// Actual negatives: FP + TN.
    public var negatives: Int { falsePositives + trueNegatives }
    /// Predicted positives: TP + FP.
    public var predictedPositives: Int { truePositives + falsePositives }

    /// `{"tp", "fp", "tn", "fn"}`.
    public var json: JSONObject {
        [
            "tp": .count(truePositives), "fp": .count(falsePositives),
            "tn": .count(trueNegatives), "fn": .count(falseNegatives),
        ]
    }
}
