import Foundation
import Governance
import LedgerCore
import Testing

/// Classification metrics, AUC-ROC and Brier score against scikit-learn's values.
struct EvidenceMetricsPerformanceTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable {
            let accuracy: Double?
            let precision: Double?
            let recall: Double?
            let f1: Double?
            let auc_roc: Double?
            let brier_score: Double?
        }

        let kind: String
        let name: String
        let tp: Int?
        let fp: Int?
        let tn: Int?
        let fn: Int?
        let scores: [Double]?
        let probabilities: [Double]?
        let labels: [Int]?
        let expected: Expected
        var testDescription: String { "\(kind): \(name)" }
    }

    static let cases: [Case] = EvidenceFixture.cases("evidence-performance")

    @Test func fixturesArePresent() {
        #expect(Self.cases.filter { $0.kind == "counts" }.count == 7)
        #expect(Self.cases.filter { $0.kind == "auc" }.count == 7)
        #expect(Self.cases.filter { $0.kind == "brier" }.count == 5)
    }

    @Test(arguments: cases)
    func matchesScikitLearn(_ fixture: Case) throws {
        let tolerance = 1e-9
        switch fixture.kind {
        case "counts":
            let counts = try ConfusionCounts(
                truePositives: #require(fixture.tp), falsePositives: #require(fixture.fp),
                trueNegatives: #require(fixture.tn), falseNegatives: #require(fixture.fn))
            let metrics = PerformanceMetrics.classification(counts)
            #expect(EvidenceFixture.close(metrics.accuracy, try #require(fixture.expected.accuracy), tolerance: tolerance))
            #expect(EvidenceFixture.close(metrics.precision, try #require(fixture.expected.precision), tolerance: tolerance))
            #expect(EvidenceFixture.close(metrics.recall, try #require(fixture.expected.recall), tolerance: tolerance))
            #expect(EvidenceFixture.close(metrics.f1, try #require(fixture.expected.f1), tolerance: tolerance))
        case "auc":
            let data = try LabeledScores(scores: #require(fixture.scores), labels: #require(fixture.labels))
            let auc = try PerformanceMetrics.rocAUC(data)
            #expect(EvidenceFixture.close(auc.value, try #require(fixture.expected.auc_roc), tolerance: tolerance))
        case "brier":
            let data = try LabeledProbabilities(probabilities: #require(fixture.probabilities), labels: #require(fixture.labels))
            let brier = PerformanceMetrics.brierScore(data)
            #expect(EvidenceFixture.close(brier.value, try #require(fixture.expected.brier_score), tolerance: tolerance))
        default:
            Issue.record("unknown fixture kind \(fixture.kind)")
        }
    }

    @Test func zeroDivisionsAreWarned() throws {
        let counts = try ConfusionCounts(truePositives: 0, falsePositives: 0, trueNegatives: 10, falseNegatives: 0)
        let metrics = PerformanceMetrics.classification(counts)
        #expect(metrics.precision == 0 && metrics.recall == 0 && metrics.f1 == 0)
        #expect(metrics.warnings.count == 3)
        #expect(metrics.json["accuracy"] == 1)
    }

    @Test func aucNeedsBothClasses() throws {
        let data = try LabeledScores(scores: [0.2, 0.4], labels: [1, 1])
        let error = #expect(throws: LedgerError.self) { try PerformanceMetrics.rocAUC(data) }
        #expect(error?.code == .invalidField)
        #expect(error?.message == "labels: every label is 1 (positive); AUC-ROC needs at least one positive and one negative example")
    }
}
