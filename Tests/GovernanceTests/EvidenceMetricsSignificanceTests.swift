import Foundation
import Governance
import LedgerCore
import Testing

@testable import Governance

/// The two-proportion z-test against statsmodels and Welch's t-test against SciPy.
struct EvidenceMetricsSignificanceTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable {
            let z: Double?
            let t: Double?
            let df: Double?
            let p_value: Double
        }

        let kind: String
        let name: String
        let successes_a: Int?
        let trials_a: Int?
        let successes_b: Int?
        let trials_b: Int?
        let a: FixtureSample?
        let b: FixtureSample?
        let expected: Expected
        var testDescription: String { "\(kind): \(name)" }
    }

    static let cases: [Case] = EvidenceFixture.cases("evidence-significance")

    @Test func fixturesArePresent() {
        #expect(Self.cases.filter { $0.kind == "z" }.count == 8)
        #expect(Self.cases.filter { $0.kind == "welch" }.count == 9)
    }

    @Test(arguments: cases)
    func matchesStatsmodelsAndSciPy(_ fixture: Case) throws {
        let tolerance = 1e-9
        switch fixture.kind {
        case "z":
            let result = try SignificanceTests.twoProportionZTest(
                successesA: #require(fixture.successes_a), trialsA: #require(fixture.trials_a),
                successesB: #require(fixture.successes_b), trialsB: #require(fixture.trials_b))
            #expect(EvidenceFixture.close(result.statistic, try #require(fixture.expected.z), tolerance: tolerance))
            #expect(EvidenceFixture.close(result.pValue, fixture.expected.p_value, tolerance: tolerance))
        case "welch":
            let result = try SignificanceTests.welchTTest(#require(fixture.a).values, #require(fixture.b).values)
            #expect(EvidenceFixture.close(result.statistic, try #require(fixture.expected.t), tolerance: tolerance))
            #expect(EvidenceFixture.close(result.degreesOfFreedom, try #require(fixture.expected.df), tolerance: tolerance))
            #expect(
                EvidenceFixture.close(result.pValue, fixture.expected.p_value, tolerance: tolerance),
                "p-value \(result.pValue), SciPy \(fixture.expected.p_value)")
        default:
            Issue.record("unknown fixture kind \(fixture.kind)")
        }
    }

    struct SpecialCase: Decodable, Sendable, CustomTestStringConvertible {
        let kind: String
        let a: Double?
        let b: Double?
        let x: Double?
        let t: Double?
        let df: Double?
        let value: Double
        var testDescription: String {
            kind == "betainc" ? "I_\(x ?? 0)(\(a ?? 0), \(b ?? 0))" : "t=\(t ?? 0) df=\(df ?? 0)"
        }
    }

    static let specialCases: [SpecialCase] = EvidenceFixture.cases("evidence-special")

    @Test func specialFixturesArePresent() {
        #expect(Self.specialCases.filter { $0.kind == "betainc" }.count == 245)
        #expect(Self.specialCases.filter { $0.kind == "student_t" }.count == 130)
    }

    /// The incomplete beta function and the Student t tail agree with SciPy to 1e-9 relative
    /// (values below 1e-280, where doubles lose precision, to 1e-290 absolute).
    @Test(arguments: specialCases)
    func specialFunctionsMatchSciPy(_ fixture: SpecialCase) throws {
        let value: Double
        if fixture.kind == "betainc" {
            let x = try #require(fixture.x)
            value = SpecialFunctions.regularizedIncompleteBeta(
                a: try #require(fixture.a), b: try #require(fixture.b), x: x, y: 1 - x)
        } else {
            value = SpecialFunctions.studentTwoSidedPValue(try #require(fixture.t), degreesOfFreedom: try #require(fixture.df))
        }
        let allowed = fixture.value < 1e-280 ? 1e-290 : 1e-9 * fixture.value
        #expect(abs(value - fixture.value) <= allowed, "\(value), SciPy \(fixture.value)")
    }

    @Test func constantEqualSamplesHavePValueOne() throws {
        let result = try SignificanceTests.welchTTest([3, 3, 3], [3, 3])
        #expect(result.statistic == 0 && result.pValue == 1 && result.degreesOfFreedom == 3)
        #expect(result.warnings.count == 1)
    }

    @Test func degenerateProportionsHavePValueOne() throws {
        let result = try SignificanceTests.twoProportionZTest(successesA: 0, trialsA: 10, successesB: 0, trialsB: 20)
        #expect(result.statistic == 0 && result.pValue == 1)
        #expect(result.json["p_value"] == 1)
    }
}
