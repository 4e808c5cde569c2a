import Foundation
import Governance
import LedgerCore
import Testing

/// Bias-test metrics against fairlearn (per-group rates, max − min summaries), AIF360 (signed
/// differences against the reference) and scikit-learn (per-group Brier scores).
struct EvidenceMetricsFairnessTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Group: Decodable, Sendable {
            let name: String
            let tp: Int
            let fp: Int
            let tn: Int
            let fn: Int
            let probabilities: [Double]?
            let labels: [Int]?
        }

        struct ExpectedGroup: Decodable, Sendable {
            struct Versus: Decodable, Sendable {
                let disparate_impact_ratio: Double
                let statistical_parity_difference: Double
                let equal_opportunity_difference: Double
                let average_odds_difference: Double
            }

            let name: String
            let selection_rate: Double
            let true_positive_rate: Double
            let false_positive_rate: Double
            let brier_score: Double?
            let versus_reference: Versus?
        }

        struct Expected: Decodable, Sendable {
            let groups: [ExpectedGroup]
            let disparate_impact_ratio: Double
            let disparate_impact_ratio_max: Double
            let demographic_parity_difference: Double
            let demographic_parity_ratio: Double
            let equal_opportunity_difference: Double
            let equalized_odds_difference: Double
        }

        let name: String
        let reference: String
        let groups: [Group]
        let expected: Expected
        var testDescription: String { name }
    }

    static let cases: [Case] = EvidenceFixture.cases("evidence-fairness")

    @Test func fixturesArePresent() {
        #expect(Self.cases.count == 10)
    }

    @Test(arguments: cases)
    func matchesFairlearnAndAIF360(_ fixture: Case) throws {
        let groups = try fixture.groups.map {
            try FairnessGroup(
                name: $0.name, truePositives: $0.tp, falsePositives: $0.fp, trueNegatives: $0.tn, falseNegatives: $0.fn,
                probabilities: $0.probabilities, labels: $0.labels)
        }
        let report = try FairnessMetrics.evaluate(groups: groups, reference: fixture.reference)
        let tolerance = 1e-9
        func check(_ actual: Double, _ expected: Double, _ what: String) {
            #expect(EvidenceFixture.close(actual, expected, tolerance: tolerance), "\(what): \(actual), expected \(expected)")
        }
        #expect(report.groups.map(\.name) == fixture.expected.groups.map(\.name))
        for (group, expected) in zip(report.groups, fixture.expected.groups) {
            check(group.selectionRate, expected.selection_rate, "\(group.name) selection rate")
            check(group.truePositiveRate, expected.true_positive_rate, "\(group.name) TPR")
            check(group.falsePositiveRate, expected.false_positive_rate, "\(group.name) FPR")
            #expect((group.brierScore == nil) == (expected.brier_score == nil))
            if let brier = group.brierScore, let expectedBrier = expected.brier_score {
                check(brier, expectedBrier, "\(group.name) Brier")
            }
            #expect((group.versusReference == nil) == (expected.versus_reference == nil))
            if let versus = group.versusReference, let expectedVersus = expected.versus_reference {
                check(versus.disparateImpactRatio, expectedVersus.disparate_impact_ratio, "\(group.name) DI")
                check(versus.statisticalParityDifference, expectedVersus.statistical_parity_difference, "\(group.name) SPD")
                check(versus.equalOpportunityDifference, expectedVersus.equal_opportunity_difference, "\(group.name) EOD")
                check(versus.averageOddsDifference, expectedVersus.average_odds_difference, "\(group.name) AOD")
            }
        }
        check(report.disparateImpactRatio, fixture.expected.disparate_impact_ratio, "lowest DI")
        check(report.disparateImpactRatioMax, fixture.expected.disparate_impact_ratio_max, "highest DI")
        check(report.demographicParityDifference, fixture.expected.demographic_parity_difference, "DPD")
        check(report.demographicParityRatio, fixture.expected.demographic_parity_ratio, "DPR")
        check(report.equalOpportunityDifference, fixture.expected.equal_opportunity_difference, "EOD range")
        check(report.equalizedOddsDifference, fixture.expected.equalized_odds_difference, "EqOdds")
        // Every value is representable in the ledger's canonical JSON.
        _ = try JSONValue.object(report.json).canonicalBytesChecked()
    }

    @Test func zeroDivisionsAreReported() throws {
        let groups = [
            try FairnessGroup(name: "ref", truePositives: 0, falsePositives: 0, trueNegatives: 60, falseNegatives: 40),
            try FairnessGroup(name: "other", truePositives: 0, falsePositives: 5, trueNegatives: 50, falseNegatives: 0),
        ]
        let report = try FairnessMetrics.evaluate(groups: groups, reference: "ref")
        #expect(report.groups[1].truePositiveRate == 0)
        #expect(report.disparateImpactRatio == .greatestFiniteMagnitude)
        #expect(
            report.warnings == [
                "group 'other': true positive rate is 0 by convention: the group has no actual positives (TP + FN = 0)",
                "disparate impact ratio of group 'other' is unbounded (numerator 0.09090909090909091, denominator 0: reference group 'ref' has selection rate 0); recorded as the largest finite number",
            ])
    }

    @Test func reportRecordsThePolicyMetricNames() throws {
        let groups = [
            try FairnessGroup(name: "a", truePositives: 8, falsePositives: 2, trueNegatives: 8, falseNegatives: 2),
            try FairnessGroup(name: "b", truePositives: 6, falsePositives: 2, trueNegatives: 8, falseNegatives: 4),
        ]
        let json = try FairnessMetrics.evaluate(groups: groups, reference: "a").json
        #expect(json["disparate_impact_ratio"] == 0.8)
        #expect(json["equal_opportunity_difference"]?.numberValue.map { abs($0 - 0.2) < 1e-15 } == true)
        #expect(json["reference"] == "a")
        #expect(json["groups"]?.arrayValue?.first?["versus_reference"] == nil)
        #expect(json["groups"]?.arrayValue?.last?["versus_reference"]?["disparate_impact_ratio"] == 0.8)
    }
}
