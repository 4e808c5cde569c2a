public import LedgerCore

/// The evidence for one group of a protected attribute in a bias test: its confusion counts and,
/// optionally, predicted probabilities with labels for calibration.
///
/// ```swift
/// let group = try FairnessGroup(
///     name: "female", truePositives: 40, falsePositives: 10, trueNegatives: 140, falseNegatives: 10,
///     probabilities: [0.9, 0.2], labels: [1, 0])
/// ```
public struct FairnessGroup: Hashable, Sendable {
    /// The group's value of the protected attribute, such as `female` or `age_40_plus`.
    public let name: String
    /// Confusion counts of the model's decisions for the group.
    public let counts: ConfusionCounts
    /// Predicted probabilities with labels, for the group's Brier score; `nil` when not given.
    public let calibration: LabeledProbabilities?

    /// Creates a group from validated parts.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the name is empty.
    public init(name: String, counts: ConfusionCounts, calibration: LabeledProbabilities? = nil) throws(LedgerError) {
        if name.isEmpty {
            throw LedgerError(.invalidField, "name: a group name is empty; name the group's value of the protected attribute")
        }
        self.name = name
        self.counts = counts
        self.calibration = calibration
    }

    /// Creates a group from raw values; every message names the group.
    ///
    /// - Parameters:
    ///   - probabilities: predicted probabilities of the positive class, each from 0 to 1; give
    ///     them with `labels`, or neither.
    ///   - labels: the true label (0 or 1) of each probability.
    /// - Throws: ``LedgerError`` naming the group and the field: negative counts, all counts 0,
    ///   probabilities outside 0…1, labels other than 0 or 1, lists of different lengths, or only
    ///   one of `probabilities` and `labels`.
    public init(
        name: String, truePositives: Int, falsePositives: Int, trueNegatives: Int, falseNegatives: Int,
        probabilities: [Double]? = nil, labels: [Int]? = nil
    ) throws(LedgerError) {
        let context = "group '\(name)': "
        do throws(LedgerError) {
            let counts = try ConfusionCounts(
                truePositives: truePositives, falsePositives: falsePositives, trueNegatives: trueNegatives,
                falseNegatives: falseNegatives)
            var calibration: LabeledProbabilities?
            switch (probabilities, labels) {
            case let (probabilities?, labels?):
                calibration = try LabeledProbabilities(probabilities: probabilities, labels: labels)
            case (nil, nil):
                calibration = nil
            case (.some, nil):
                throw LedgerError(.malformedInput, "labels: missing; give the true label of each probability, or leave both out")
            case (nil, .some):
                throw LedgerError(.malformedInput, "probabilities: missing; give a probability for each label, or leave both out")
            }
            try self.init(name: name, counts: counts, calibration: calibration)
        } catch {
            throw error.prefixed(context)
        }
    }

    /// `{"name", "tp", "fp", "tn", "fn"}` plus `probabilities` and `labels` when given.
    public var json: JSONObject {
        var object = counts.json
        object["name"] = .string(name)
        if let calibration {
            for member in calibration.json { object[member.key] = member.value }
        }
        return object
    }
}
