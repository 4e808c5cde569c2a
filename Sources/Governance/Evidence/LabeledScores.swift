public import LedgerCore

/// Model scores with the true 0/1 label of each, the data AUC-ROC is computed from.
///
/// Scores are any finite numbers where a higher score means "more likely positive" (a
/// probability, a logit, a margin). For calibration use ``LabeledProbabilities``.
///
/// ```swift
/// let data = try LabeledScores(scores: [0.1, 0.4, 0.35, 0.8], labels: [0, 0, 1, 1])
/// try PerformanceMetrics.rocAUC(data).value // 0.75
/// ```
public struct LabeledScores: Hashable, Sendable {
    /// The scores.
    public let scores: [Double]
    /// The labels, each 0 or 1, one per score.
    public let labels: [Int]

    /// Creates validated scores and labels.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for no values, a non-finite score or a label
    ///   other than 0 or 1; `.malformedInput` when the lists differ in length.
    public init(scores: [Double], labels: [Int]) throws(LedgerError) {
        try EvidenceValidation.nonEmpty(scores.count, field: "scores", purpose: "give at least one score with its label")
        try EvidenceValidation.sameLength(scores.count, labels.count, fields: ("scores", "labels"))
        for (index, score) in scores.enumerated() { try EvidenceValidation.finite(score, field: "scores[\(index)]") }
        for (index, label) in labels.enumerated() { try EvidenceValidation.label(label, field: "labels[\(index)]") }
        self.scores = scores
        self.labels = labels
    }

    /// `{"scores": [...], "labels": [...]}`.
    public var json: JSONObject {
        ["scores": .array(scores.map { .number($0) }), "labels": .array(labels.map { .count($0) })]
    }
}
