public import LedgerCore

/// Accuracy, precision, recall and F1 of one set of confusion counts.
///
/// Zero denominators give 0 and a line in ``warnings``, as scikit-learn does with its default
/// `zero_division="warn"`.
public struct ClassificationMetrics: Hashable, Sendable {
    /// The counts the metrics come from.
    public let counts: ConfusionCounts
    /// (TP + TN) / total.
    public let accuracy: Double
    /// TP / (TP + FP); 0 when nothing was predicted positive.
    public let precision: Double
    /// TP / (TP + FN); 0 when there are no actual positives.
    public let recall: Double
    /// 2·TP / (2·TP + FP + FN); 0 when TP, FP and FN are all 0.
    public let f1: Double
    /// Which zero-division rules applied, for people.
    public let warnings: [String]

    init(_ counts: ConfusionCounts) {
        self.counts = counts
        var warnings: [String] = []
        let tp = Double(counts.truePositives)
        accuracy = Double(counts.truePositives + counts.trueNegatives) / Double(counts.total)
        if counts.predictedPositives == 0 {
            precision = 0
            warnings.append("precision is 0: no prediction is positive (TP + FP = 0)")
        } else {
            precision = tp / Double(counts.predictedPositives)
        }
        if counts.positives == 0 {
            recall = 0
            warnings.append("recall is 0: there are no actual positives (TP + FN = 0)")
        } else {
            recall = tp / Double(counts.positives)
        }
        let f1Denominator = 2 * counts.truePositives + counts.falsePositives + counts.falseNegatives
        if f1Denominator == 0 {
            f1 = 0
            warnings.append("f1 is 0: TP, FP and FN are all 0")
        } else {
            f1 = 2 * tp / Double(f1Denominator)
        }
        self.warnings = warnings
    }

    /// `{"counts", "accuracy", "precision", "recall", "f1", "warnings"}`.
    public var json: JSONObject {
        [
            "counts": .object(counts.json), "accuracy": .number(accuracy), "precision": .number(precision),
            "recall": .number(recall), "f1": .number(f1), "warnings": .array(warnings.map { .string($0) }),
        ]
    }
}
