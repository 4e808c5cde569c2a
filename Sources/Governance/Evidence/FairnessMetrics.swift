public import LedgerCore

/// Group fairness metrics of a binary classifier, from per-group confusion counts.
///
/// Two conventions are computed side by side so that anyone can cross-check with either library:
///
/// | metric | convention | definition |
/// | --- | --- | --- |
/// | disparate impact ratio (per group) | AIF360 `disparate_impact` | SR(group) / SR(reference) |
/// | statistical parity difference (per group) | AIF360 | SR(group) − SR(reference), signed |
/// | equal opportunity difference (per group) | AIF360 | TPR(group) − TPR(reference), signed |
/// | average odds difference (per group) | AIF360 | ½·[(FPR(group) − FPR(reference)) + (TPR(group) − TPR(reference))] |
/// | disparate impact ratio (report) | AIF360, worst group | the lowest per-group ratio (and the highest) |
/// | demographic parity difference | fairlearn | max SR − min SR over all groups |
/// | demographic parity ratio | fairlearn | min SR / max SR over all groups |
/// | equal opportunity difference (report) | fairlearn | max TPR − min TPR over all groups |
/// | equalized odds difference | fairlearn | max(TPR range, FPR range) over all groups |
///
/// SR is the selection rate (TP + FP) / total, TPR = TP / (TP + FN), FPR = FP / (FP + TN).
///
/// Zero divisions give defined values, each reported in ``FairnessReport/warnings``:
/// - a group with no actual positives has TPR 0, and one with no actual negatives has FPR 0
///   (as fairlearn, through scikit-learn's `confusion_matrix(normalize="true")`);
/// - a ratio whose denominator is 0 is 1 when its numerator is also 0 (both rates equal), and
///   `Double.greatestFiniteMagnitude` otherwise (AIF360 gives +∞; JSON has no infinity, and the
///   largest finite number keeps the ratio's meaning: far above any lower bound such as 0.8).
///
/// ```swift
/// let report = try FairnessMetrics.evaluate(groups: [male, female], reference: "male")
/// report.disparateImpactRatio        // lowest selection-rate ratio to the reference
/// report.equalOpportunityDifference  // largest TPR gap between any two groups
/// ```
public enum FairnessMetrics {
    /// Computes every group and cross-group metric.
    ///
    /// - Parameters:
    ///   - groups: at least two groups with distinct names, in the order reports list them.
    ///   - reference: the name of the reference (privileged) group.
    /// - Throws: ``LedgerError`` `.invalidField` when fewer than two groups are given, two share
    ///   a name, or no group is named `reference`.
    public static func evaluate(groups: [FairnessGroup], reference: String) throws(LedgerError) -> FairnessReport {
        if groups.count < 2 {
            throw LedgerError(
                .invalidField,
                "groups: \(groups.count) group\(groups.count == 1 ? "" : "s") given; a bias test compares at least two groups, the reference and one other")
        }
        var seen: Set<String> = []
        for group in groups where !seen.insert(group.name).inserted {
            throw LedgerError(.invalidField, "groups: the name '\(group.name)' appears twice; give each group once")
        }
        guard let referenceGroup = groups.first(where: { $0.name == reference }) else {
            let names = groups.map { "'\($0.name)'" }.joined(separator: ", ")
            throw LedgerError(.invalidField, "reference: '\(reference)' is not one of the groups; name one of \(names)")
        }

        var warnings: [String] = []
        let rates = groups.map { GroupRates($0, warnings: &warnings) }
        guard let referenceRates = rates.first(where: { $0.name == referenceGroup.name }) else {
            preconditionFailure("the reference group has rates")
        }

        var reports: [FairnessReport.Group] = []
        var lowestRatio = Double.infinity
        var highestRatio = -Double.infinity
        for (group, rate) in zip(groups, rates) {
            var comparison: FairnessReport.Comparison?
            if group.name != reference {
                let ratio = ratio(
                    rate.selectionRate, referenceRates.selectionRate,
                    what: "disparate impact ratio of group '\(group.name)'",
                    denominator: "reference group '\(reference)' has selection rate 0", warnings: &warnings)
                lowestRatio = min(lowestRatio, ratio)
                highestRatio = max(highestRatio, ratio)
                comparison = FairnessReport.Comparison(
                    disparateImpactRatio: ratio,
                    statisticalParityDifference: rate.selectionRate - referenceRates.selectionRate,
                    equalOpportunityDifference: rate.truePositiveRate - referenceRates.truePositiveRate,
                    averageOddsDifference: 0.5
                        * ((rate.falsePositiveRate - referenceRates.falsePositiveRate)
                            + (rate.truePositiveRate - referenceRates.truePositiveRate)))
            }
            reports.append(
                FairnessReport.Group(
                    name: group.name, counts: group.counts, selectionRate: rate.selectionRate,
                    truePositiveRate: rate.truePositiveRate, falsePositiveRate: rate.falsePositiveRate,
                    brierScore: group.calibration.map { PerformanceMetrics.brierScore($0).value },
                    versusReference: comparison))
        }

        let selection = range(rates.map(\.selectionRate))
        let truePositive = range(rates.map(\.truePositiveRate))
        let falsePositive = range(rates.map(\.falsePositiveRate))
        let parityRatio = ratio(
            selection.min, selection.max, what: "demographic parity ratio",
            denominator: "every group has selection rate 0", warnings: &warnings)
        return FairnessReport(
            reference: reference, groups: reports, disparateImpactRatio: lowestRatio,
            disparateImpactRatioMax: highestRatio, demographicParityDifference: selection.max - selection.min,
            demographicParityRatio: parityRatio, equalOpportunityDifference: truePositive.max - truePositive.min,
            equalizedOddsDifference: max(truePositive.max - truePositive.min, falsePositive.max - falsePositive.min),
            warnings: warnings)
    }

    /// `numerator / denominator`, 1 for 0/0 and the largest finite number for x/0 with x > 0.
    static func ratio(
        _ numerator: Double, _ denominator: Double, what: String, denominator reason: String, warnings: inout [String]
    ) -> Double {
        if denominator > 0 { return numerator / denominator }
        if numerator == 0 {
            warnings.append("\(what) is 1 by convention: \(reason) and so does the numerator")
            return 1
        }
        warnings.append(
            "\(what) is unbounded (numerator \(numerator), denominator 0: \(reason)); recorded as the largest finite number")
        return Double.greatestFiniteMagnitude
    }

    private static func range(_ values: [Double]) -> (min: Double, max: Double) {
        (values.min() ?? 0, values.max() ?? 0)
    }

    /// The rates of one group, with the zero-division conventions applied.
    private struct GroupRates {
        let name: String
        let selectionRate: Double
        let truePositiveRate: Double
        let falsePositiveRate: Double

        init(_ group: FairnessGroup, warnings: inout [String]) {
            let counts = group.counts
            name = group.name
            selectionRate = Double(counts.predictedPositives) / Double(counts.total)
            if counts.positives == 0 {
                truePositiveRate = 0
                warnings.append(
                    "group '\(group.name)': true positive rate is 0 by convention: the group has no actual positives (TP + FN = 0)")
            } else {
                truePositiveRate = Double(counts.truePositives) / Double(counts.positives)
            }
            if counts.negatives == 0 {
                falsePositiveRate = 0
                warnings.append(
                    "group '\(group.name)': false positive rate is 0 by convention: the group has no actual negatives (FP + TN = 0)")
            } else {
                falsePositiveRate = Double(counts.falsePositives) / Double(counts.negatives)
            }
        }
    }
}
