public import LedgerCore

/// Classification performance and calibration, computed the way scikit-learn computes them.
///
/// | metric | formula | when the denominator is 0 |
/// | --- | --- | --- |
/// | accuracy | (TP + TN) / total | never: counts have a positive total |
/// | precision | TP / (TP + FP) | 0, with a warning (sklearn `zero_division="warn"`) |
/// | recall | TP / (TP + FN) | 0, with a warning |
/// | F1 | 2·TP / (2·TP + FP + FN) | 0, with a warning |
/// | AUC-ROC | Mann–Whitney U / (positives · negatives), tied scores count ½ | rejected: sklearn raises when one class is absent |
/// | Brier score | mean of (p − y)² | never: at least one value |
///
/// F1 uses sklearn's form 2·TP / (2·TP + FP + FN), which equals 2PR/(P+R) whenever that is
/// defined and is 0 when TP = 0.
///
/// ```swift
/// let counts = try ConfusionCounts(truePositives: 90, falsePositives: 10, trueNegatives: 880, falseNegatives: 20)
/// PerformanceMetrics.classification(counts).f1 // 0.857…
/// ```
public enum PerformanceMetrics {
    /// Accuracy, precision, recall and F1 from confusion counts.
    public static func classification(_ counts: ConfusionCounts) -> ClassificationMetrics {
        ClassificationMetrics(counts)
    }

    /// The area under the ROC curve, equal to scikit-learn's `roc_auc_score(labels, scores)`.
    ///
    /// Computed as the Mann–Whitney statistic: the share of (positive, negative) pairs in which
    /// the positive has the higher score, a tie counting ½, in O(n log n) by one sort.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when every label is the same, where the curve
    ///   and its area are undefined.
    public static func rocAUC(_ data: LabeledScores) throws(LedgerError) -> AreaUnderROC {
        let positives = data.labels.reduce(0, +)
        let negatives = data.labels.count - positives
        if positives == 0 || negatives == 0 {
            let only = positives == 0 ? "0 (negative)" : "1 (positive)"
            throw LedgerError(
                .invalidField,
                "labels: every label is \(only); AUC-ROC needs at least one positive and one negative example")
        }
        let order = data.scores.indices.sorted { data.scores[$0] < data.scores[$1] }
        // Twice the Mann–Whitney U, kept in integers so that it is exact.
        var twiceU = 0
        var negativesBelow = 0
        var start = 0
        while start < order.count {
            var end = start
            var tiedPositives = 0
            var tiedNegatives = 0
            let score = data.scores[order[start]]
            while end < order.count && data.scores[order[end]] == score {
                if data.labels[order[end]] == 1 { tiedPositives += 1 } else { tiedNegatives += 1 }
                end += 1
            }
            twiceU += 2 * tiedPositives * negativesBelow + tiedPositives * tiedNegatives
            negativesBelow += tiedNegatives
            start = end
        }
        let value = Double(twiceU) / (2 * Double(positives) * Double(negatives))
        return AreaUnderROC(value: value, positives: positives, negatives: negatives)
    }

    /// The Brier score, mean of (probability − label)², equal to scikit-learn's
    /// `brier_score_loss(labels, probabilities)`: 0 is perfect, 1 the worst.
    public static func brierScore(_ data: LabeledProbabilities) -> BrierScore {
        var sum = 0.0
        for (p, label) in zip(data.probabilities, data.labels) {
            let error = p - Double(label)
            sum += error * error
        }
        return BrierScore(value: sum / Double(data.probabilities.count), count: data.probabilities.count)
    }
}
