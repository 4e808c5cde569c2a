public import LedgerCore

/// The result of a bias test: per-group rates, each group against the reference (AIF360,
/// signed), and cross-group summaries (fairlearn, max − min), as ``FairnessMetrics`` defines them.
public struct FairnessReport: Hashable, Sendable {
    /// One group's rates.
    public struct Group: Hashable, Sendable {
        /// The group's name.
        public let name: String
        /// Its confusion counts.
        public let counts: ConfusionCounts
        /// (TP + FP) / total.
        public let selectionRate: Double
        /// TP / (TP + FN); 0 when the group has no actual positives.
        public let truePositiveRate: Double
        /// FP / (FP + TN); 0 when the group has no actual negatives.
        public let falsePositiveRate: Double
        /// The group's Brier score, when probabilities were given.
        public let brierScore: Double?
        /// The group against the reference group; `nil` for the reference group itself.
        public let versusReference: Comparison?

        /// `{"name", "counts", "selection_rate", "true_positive_rate", "false_positive_rate"}`
        /// plus `brier_score` and `versus_reference` when present.
        public var json: JSONObject {
            var object: JSONObject = [
                "name": .string(name), "counts": .object(counts.json), "selection_rate": .number(selectionRate),
                "true_positive_rate": .number(truePositiveRate), "false_positive_rate": .number(falsePositiveRate),
            ]
            object["brier_score"] = brierScore.map { .number($0) }
            object["versus_reference"] = versusReference.map { .object($0.json) }
            return object
        }
    }

    /// A group against the reference group, in AIF360's signed conventions (group − reference).
    public struct Comparison: Hashable, Sendable {
        /// SR(group) / SR(reference).
        public let disparateImpactRatio: Double
        /// SR(group) − SR(reference).
        public let statisticalParityDifference: Double
        /// TPR(group) − TPR(reference).
        public let equalOpportunityDifference: Double
        /// ½·[(FPR(group) − FPR(reference)) + (TPR(group) − TPR(reference))].
        public let averageOddsDifference: Double

        /// `{"disparate_impact_ratio", "statistical_parity_difference",
        /// "equal_opportunity_difference", "average_odds_difference"}`.
        public var json: JSONObject {
            [
                "disparate_impact_ratio": .number(disparateImpactRatio),
                "statistical_parity_difference": .number(statisticalParityDifference),
                "equal_opportunity_difference": .number(equalOpportunityDifference),
                "average_odds_difference": .number(averageOddsDifference),
            ]
        }
    }

    /// The reference (privileged) group's name.
    public let reference: String
    /// Every group, in input order.
    public let groups: [Group]
    /// The lowest disparate impact ratio of a group to the reference: the value the four-fifths
    /// rule (policy `disparate_impact_ratio`, min 0.8) judges.
    public let disparateImpactRatio: Double
    /// The highest disparate impact ratio of a group to the reference.
    public let disparateImpactRatioMax: Double
    /// max SR − min SR over all groups (fairlearn `demographic_parity_difference`).
    public let demographicParityDifference: Double
    /// min SR / max SR over all groups (fairlearn `demographic_parity_ratio`).
    public let demographicParityRatio: Double
    /// max TPR − min TPR over all groups (fairlearn `equal_opportunity_difference`; the policy's
    /// `equal_opportunity_difference`).
    public let equalOpportunityDifference: Double
    /// max(TPR range, FPR range) over all groups (fairlearn `equalized_odds_difference`).
    public let equalizedOddsDifference: Double
    /// The zero-division conventions that applied, for people.
    public let warnings: [String]

    /// The report as recorded in a `bias.test.recorded` payload; the keys of the summaries are
    /// the policy's metric names.
    public var json: JSONObject {
        [
            "reference": .string(reference),
            "groups": .array(groups.map { .object($0.json) }),
            "disparate_impact_ratio": .number(disparateImpactRatio),
            "disparate_impact_ratio_max": .number(disparateImpactRatioMax),
            "demographic_parity_difference": .number(demographicParityDifference),
            "demographic_parity_ratio": .number(demographicParityRatio),
            "equal_opportunity_difference": .number(equalOpportunityDifference),
            "equalized_odds_difference": .number(equalizedOddsDifference),
            "warnings": .array(warnings.map { .string($0) }),
        ]
    }
}
