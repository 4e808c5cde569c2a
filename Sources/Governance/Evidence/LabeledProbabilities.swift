public import LedgerCore

/// Predicted probabilities of the positive class with the true 0/1 label of each, the data a
/// Brier score is computed from.
///
/// ```swift
/// let data = try LabeledProbabilities(probabilities: [0.9, 0.2], labels: [1, 0])
/// PerformanceMetrics.brierScore(data).value // 0.025
/// ```
public struct LabeledProbabilities: Hashable, Sendable {
    /// The probabilities, each from 0 to 1.
    public let probabilities: [Double]
    /// The labels, each 0 or 1, one per probability.
    public let labels: [Int]

    /// Creates validated probabilities and labels.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for no values, a probability outside 0…1 (or
    ///   not a number) or a label other than 0 or 1; `.malformedInput` when the lists differ in
    ///   length.
    public init(probabilities: [Double], labels: [Int]) throws(LedgerError) {
        try EvidenceValidation.nonEmpty(
            probabilities.count, field: "probabilities", purpose: "give at least one probability with its label")
        try EvidenceValidation.sameLength(probabilities.count, labels.count, fields: ("probabilities", "labels"))
        for (index, p) in probabilities.enumerated() { try EvidenceValidation.probability(p, field: "probabilities[\(index)]") }
        for (index, label) in labels.enumerated() { try EvidenceValidation.label(label, field: "labels[\(index)]") }
        self.probabilities = probabilities
        self.labels = labels
    }

    /// The same data as scores, for AUC-ROC.
    public var scores: LabeledScores {
        // Probabilities are finite and labels are 0/1, so this cannot fail.
        guard let scores = try? LabeledScores(scores: probabilities, labels: labels) else {
            preconditionFailure("validated probabilities are valid scores")
        }
        return scores
    }

    /// `{"probabilities": [...], "labels": [...]}`.
    public var json: JSONObject {
        ["probabilities": .array(probabilities.map { .number($0) }), "labels": .array(labels.map { .count($0) })]
    }
}
