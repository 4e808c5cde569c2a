import Governance
import LedgerCore
import Testing

/// Every bad input is rejected with a message that names the field and says what is allowed.
struct EvidenceMetricsRejectionTests {
    struct Rejection: Sendable, CustomTestStringConvertible {
        let name: String
        let code: LedgerError.Code
        let message: String
        let run: @Sendable () throws -> Void
        var testDescription: String { name }

        init(_ name: String, _ code: LedgerError.Code, _ message: String, _ run: @escaping @Sendable () throws -> Void) {
            self.name = name
            self.code = code
            self.message = message
            self.run = run
        }
    }

    static let histogram: @Sendable ([Double], [Int]) throws -> Histogram = { try Histogram(edges: $0, counts: $1) }

    static let rejections: [Rejection] = [
        // histograms
        Rejection("negative count", .invalidField, "counts[1]: -3 is negative; a count is a whole number of 0 or more") {
            _ = try histogram([0, 1, 2], [4, -3])
        },
        Rejection("empty total", .invalidField, "counts: the total is 0; a histogram needs at least one observation") {
            _ = try histogram([0, 1, 2], [0, 0])
        },
        Rejection(
            "counts do not fit the edges", .malformedInput,
            "counts: 3 counts for 2 bins; give one count per bin, one fewer than the 3 edges"
        ) { _ = try histogram([0, 1, 2], [1, 2, 3]) },
        Rejection("one edge", .invalidField, "edges: 1 edge given; a histogram needs at least two edges (one bin)") {
            _ = try histogram([0], [])
        },
        Rejection(
            "edges not increasing", .invalidField,
            "edges[2]: 1.0 does not exceed edges[1] = 1.0; bin edges must increase strictly"
        ) { _ = try histogram([0, 1, 1], [1, 1]) },
        Rejection("infinite edge", .invalidField, "edges[0]: -inf is not a finite number; give a finite number") {
            _ = try histogram([-.infinity, 0], [1])
        },
        Rejection("repeated category", .invalidField, "categories[2]: 'ios' appears twice; list each category once") {
            _ = try Histogram(categories: ["ios", "web", "ios"], counts: [1, 2, 3])
        },
        Rejection("empty category", .invalidField, "categories[0]: is empty; name every category") {
            _ = try Histogram(categories: [""], counts: [1])
        },
        Rejection(
            "mismatched bin count", .invalidField,
            "current.edges: 3 bins, but the reference has 2; compute both histograms over the same bin edges"
        ) {
            _ = try DriftMetrics.populationStabilityIndex(
                reference: histogram([0, 1, 2], [1, 1]), current: histogram([0, 1, 2, 3], [1, 1, 1]))
        },
        Rejection(
            "mismatched bin edges", .invalidField,
            "current.edges[1]: 1.5 differs from the reference edge 1.0; compute both histograms over the same bin edges"
        ) {
            _ = try DriftMetrics.populationStabilityIndex(
                reference: histogram([0, 1, 2], [1, 1]), current: histogram([0, 1.5, 2], [1, 1]))
        },
        Rejection(
            "new category", .invalidField,
            "current.categories: 'linux' is not a reference category; list the same categories in both histograms (with a count of 0 where there are none)"
        ) {
            _ = try DriftMetrics.populationStabilityIndex(
                reference: Histogram(categories: ["ios", "web"], counts: [1, 1]),
                current: Histogram(categories: ["web", "linux"], counts: [1, 1]))
        },
        Rejection(
            "missing category", .invalidField,
            "current.categories: the reference category 'web' is missing; list the same categories in both histograms (with a count of 0 where there are none)"
        ) {
            _ = try DriftMetrics.populationStabilityIndex(
                reference: Histogram(categories: ["ios", "web"], counts: [1, 1]),
                current: Histogram(categories: ["ios"], counts: [1]))
        },
        Rejection(
            "numeric against categorical", .invalidField,
            "current: is categorical but the reference is numeric; compare histograms of the same kind"
        ) {
            _ = try DriftMetrics.populationStabilityIndex(
                reference: histogram([0, 1], [1]), current: Histogram(categories: ["a"], counts: [1]))
        },
        // Kolmogorov–Smirnov
        Rejection(
            "empty reference sample", .invalidField,
            "reference: is empty; the Kolmogorov–Smirnov test needs at least one value in each sample"
        ) { _ = try DriftMetrics.kolmogorovSmirnov(reference: [], current: [1]) },
        Rejection(
            "empty current sample", .invalidField,
            "current: is empty; the Kolmogorov–Smirnov test needs at least one value in each sample"
        ) { _ = try DriftMetrics.kolmogorovSmirnov(reference: [1], current: []) },
        Rejection("NaN in a sample", .invalidField, "current[1]: nan is not a finite number; give a finite number") {
            _ = try DriftMetrics.kolmogorovSmirnov(reference: [1], current: [2, .nan])
        },
        // probabilities and labels
        Rejection(
            "probability above 1", .invalidField,
            "probabilities[1]: 1.2 is outside 0…1; give the predicted probability of the positive class, from 0 to 1"
        ) { _ = try LabeledProbabilities(probabilities: [0.5, 1.2], labels: [0, 1]) },
        Rejection(
            "negative probability", .invalidField,
            "probabilities[0]: -0.1 is outside 0…1; give the predicted probability of the positive class, from 0 to 1"
        ) { _ = try LabeledProbabilities(probabilities: [-0.1], labels: [0]) },
        Rejection(
            "NaN probability", .invalidField,
            "probabilities[0]: nan is outside 0…1; give the predicted probability of the positive class, from 0 to 1"
        ) { _ = try LabeledProbabilities(probabilities: [.nan], labels: [0]) },
        Rejection("label 2", .invalidField, "labels[2]: 2 is not a label; labels are 0 (negative) or 1 (positive)") {
            _ = try LabeledProbabilities(probabilities: [0.1, 0.2, 0.3], labels: [0, 1, 2])
        },
        Rejection("label -1", .invalidField, "labels[0]: -1 is not a label; labels are 0 (negative) or 1 (positive)") {
            _ = try LabeledScores(scores: [0.3], labels: [-1])
        },
        Rejection(
            "labels shorter than probabilities", .malformedInput,
            "labels: has 1 values but probabilities has 2; give one label per probability"
        ) { _ = try LabeledProbabilities(probabilities: [0.1, 0.2], labels: [0]) },
        Rejection("no probabilities", .invalidField, "probabilities: is empty; give at least one probability with its label") {
            _ = try LabeledProbabilities(probabilities: [], labels: [])
        },
        Rejection("infinite score", .invalidField, "scores[0]: inf is not a finite number; give a finite number") {
            _ = try LabeledScores(scores: [.infinity], labels: [1])
        },
        // confusion counts and fairness groups
        Rejection("negative true positives", .invalidField, "truePositives: -1 is negative; a count is a whole number of 0 or more") {
            _ = try ConfusionCounts(truePositives: -1, falsePositives: 0, trueNegatives: 1, falseNegatives: 0)
        },
        Rejection("no predictions", .invalidField, "counts: all four counts are 0; record at least one prediction") {
            _ = try ConfusionCounts(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)
        },
        Rejection(
            "count beyond JSON precision", .invalidField,
            "falseNegatives: 9007199254740992 exceeds 9007199254740991, the largest count JSON carries exactly"
        ) { _ = try ConfusionCounts(truePositives: 0, falsePositives: 0, trueNegatives: 0, falseNegatives: 1 << 53) },
        Rejection(
            "group with a negative count", .invalidField,
            "group 'female': falsePositives: -5 is negative; a count is a whole number of 0 or more"
        ) { _ = try FairnessGroup(name: "female", truePositives: 1, falsePositives: -5, trueNegatives: 1, falseNegatives: 1) },
        Rejection(
            "group probability outside 0…1", .invalidField,
            "group 'age_40_plus': probabilities[0]: 2.0 is outside 0…1; give the predicted probability of the positive class, from 0 to 1"
        ) {
            _ = try FairnessGroup(
                name: "age_40_plus", truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1,
                probabilities: [2], labels: [1])
        },
        Rejection(
            "group label not 0/1", .invalidField,
            "group 'x': labels[1]: 3 is not a label; labels are 0 (negative) or 1 (positive)"
        ) {
            _ = try FairnessGroup(
                name: "x", truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1,
                probabilities: [0.2, 0.4], labels: [0, 3])
        },
        Rejection(
            "probabilities without labels", .malformedInput,
            "group 'x': labels: missing; give the true label of each probability, or leave both out"
        ) {
            _ = try FairnessGroup(
                name: "x", truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1, probabilities: [0.2])
        },
        Rejection(
            "empty group name", .invalidField,
            "name: a group name is empty; name the group's value of the protected attribute"
        ) { _ = try FairnessGroup(name: "", counts: ConfusionCounts(truePositives: 1, falsePositives: 0, trueNegatives: 0, falseNegatives: 0)) },
        Rejection(
            "one group", .invalidField,
            "groups: 1 group given; a bias test compares at least two groups, the reference and one other"
        ) { _ = try FairnessMetrics.evaluate(groups: [group("a")], reference: "a") },
        Rejection("repeated group", .invalidField, "groups: the name 'a' appears twice; give each group once") {
            _ = try FairnessMetrics.evaluate(groups: [group("a"), group("b"), group("a")], reference: "a")
        },
        Rejection("unknown reference", .invalidField, "reference: 'male' is not one of the groups; name one of 'a', 'b'") {
            _ = try FairnessMetrics.evaluate(groups: [group("a"), group("b")], reference: "male")
        },
        // significance tests
        Rejection("no trials", .invalidField, "trialsB: 0 trials; each arm needs at least one trial") {
            _ = try SignificanceTests.twoProportionZTest(successesA: 1, trialsA: 2, successesB: 0, trialsB: 0)
        },
        Rejection(
            "more successes than trials", .invalidField,
            "successesA: 5 exceeds trialsA 4; successes are a subset of trials"
        ) { _ = try SignificanceTests.twoProportionZTest(successesA: 5, trialsA: 4, successesB: 0, trialsB: 3) },
        Rejection("negative successes", .invalidField, "successesB: -1 is negative; a count is a whole number of 0 or more") {
            _ = try SignificanceTests.twoProportionZTest(successesA: 1, trialsA: 4, successesB: -1, trialsB: 3)
        },
        Rejection(
            "one value in a t-test sample", .invalidField,
            "b: 1 value; Welch's t-test needs at least two values per sample to estimate a variance"
        ) { _ = try SignificanceTests.welchTTest([1, 2], [3]) },
        Rejection("NaN in a t-test sample", .invalidField, "a[1]: nan is not a finite number; give a finite number") {
            _ = try SignificanceTests.welchTTest([1, .nan], [3, 4])
        },
        Rejection(
            "constant samples that differ", .invalidField,
            "a, b: both samples are constant (1.0 and 2.0); with no variance the t statistic is infinite, so record the difference without a test"
        ) { _ = try SignificanceTests.welchTTest([1, 1], [2, 2, 2]) },
    ]

    static func group(_ name: String) -> FairnessGroup {
        guard let counts = try? ConfusionCounts(truePositives: 1, falsePositives: 1, trueNegatives: 1, falseNegatives: 1),
            let group = try? FairnessGroup(name: name, counts: counts)
        else { preconditionFailure("valid test group") }
        return group
    }

    @Test(arguments: rejections)
    func isRejectedWithAPreciseMessage(_ rejection: Rejection) {
        let error = #expect(throws: LedgerError.self) { try rejection.run() }
        #expect(error?.code == rejection.code)
        #expect(error?.message == rejection.message)
        #expect(error?.isUsageError == true)
    }
}
