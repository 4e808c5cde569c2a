import Foundation
import Governance
import LedgerCore
import Testing

@testable import Governance

/// PSI and the two-sample Kolmogorov–Smirnov test against the generator script's values
/// (SciPy `ks_2samp` and `kstwo.sf`; PSI by its documented formula).
struct EvidenceMetricsDriftTests {
    struct KSCase: Decodable, Sendable, CustomTestStringConvertible {
        struct Expected: Decodable, Sendable {
            let statistic: Double
            let p_value: Double
            let scipy_method: String
        }

        let name: String
        let reference: FixtureSample
        let current: FixtureSample
        let expected: Expected
        var testDescription: String { name }
    }

    struct KSTwoCase: Decodable, Sendable, CustomTestStringConvertible {
        let n: Int
        let d: Double
        let sf: Double
        var testDescription: String { "n=\(n) d=\(d)" }
    }

    struct PSICase: Decodable, Sendable, CustomTestStringConvertible {
        struct Side: Decodable, Sendable {
            let edges: [Double]?
            let categories: [String]?
            let counts: [Int]

            func histogram() throws -> Histogram {
                if let edges { return try Histogram(edges: edges, counts: counts) }
                return try Histogram(categories: categories ?? [], counts: counts)
            }
        }

        struct Expected: Decodable, Sendable {
            let psi: Double
            let contributions: [Double]
        }

        let name: String
        let reference: Side
        let current: Side
        let expected: Expected
        var testDescription: String { name }
    }

    static let ksCases: [KSCase] = EvidenceFixture.cases("evidence-ks")
    static let kstwoCases: [KSTwoCase] = EvidenceFixture.cases("evidence-kstwo")
    static let psiCases: [PSICase] = EvidenceFixture.cases("evidence-psi")

    @Test func fixturesArePresent() {
        #expect(Self.ksCases.count == 29)
        #expect(Self.kstwoCases.count == 282)
        #expect(Self.psiCases.count == 11)
    }

    @Test(arguments: ksCases)
    func kolmogorovSmirnovMatchesSciPy(_ fixture: KSCase) throws {
        let result = try DriftMetrics.kolmogorovSmirnov(reference: fixture.reference.values, current: fixture.current.values)
        #expect(EvidenceFixture.close(result.statistic, fixture.expected.statistic, tolerance: 1e-9))
        #expect(
            EvidenceFixture.close(result.pValue, fixture.expected.p_value, tolerance: 1e-6),
            "p-value \(result.pValue), SciPy \(fixture.expected.p_value)")
        // The method is SciPy's, except where the exact value is negligible and was skipped.
        if fixture.expected.scipy_method == "asymp" {
            #expect(result.method == .asymptotic)
        } else if result.method == .asymptotic {
            #expect(fixture.expected.p_value < 1e-6)
        }
    }

    @Test(arguments: kstwoCases)
    func kolmogorovDistributionMatchesSciPy(_ fixture: KSTwoCase) {
        let sf = KolmogorovDistribution.survival(n: fixture.n, d: fixture.d)
        #expect(EvidenceFixture.close(sf, fixture.sf, tolerance: 1e-9), "sf \(sf), SciPy \(fixture.sf)")
    }

    @Test(arguments: psiCases)
    func populationStabilityIndexMatches(_ fixture: PSICase) throws {
        let result = try DriftMetrics.populationStabilityIndex(
            reference: fixture.reference.histogram(), current: fixture.current.histogram())
        #expect(EvidenceFixture.close(result.value, fixture.expected.psi, tolerance: 1e-9))
        #expect(result.contributions.count == fixture.expected.contributions.count)
        for (actual, expected) in zip(result.contributions, fixture.expected.contributions) {
            #expect(EvidenceFixture.close(actual, expected, tolerance: 1e-9))
        }
    }

    @Test func exactPathsAgreeWithEachOther() {
        // For equal sizes the closed form and the lattice recursion count the same paths.
        for n in [1, 2, 3, 7, 20, 64] {
            for h in 1...n {
                let square = TwoSampleKolmogorovSmirnov.probabilityOutsideSquare(n: n, h: h)
                let inside = TwoSampleKolmogorovSmirnov.outerProbabilityInside(m: n, n: n, g: n, h: h)
                #expect(abs(square - inside) < 1e-12, "n=\(n) h=\(h): \(square) vs \(inside)")
            }
        }
    }

    /// The optimized inside-method recursion against a literal port of SciPy's, over sizes,
    /// divisors and every band width h from 1 to lcm, to 1e-12 relative.
    @Test(arguments: [(5, 7), (8, 12), (13, 13), (30, 45), (97, 60), (120, 119), (200, 50)])
    func insideMethodMatchesLiteralPort(m: Int, n: Int) {
        let g = TwoSampleKolmogorovSmirnov.greatestCommonDivisor(m, n)
        let lcm = (m / g) * n
        for h in stride(from: 1, through: lcm, by: max(1, lcm / 300)) {
            let fast = TwoSampleKolmogorovSmirnov.outerProbabilityInside(m: m, n: n, g: g, h: h)
            let reference = ReferenceKolmogorovSmirnov.outerProbabilityInside(m: m, n: n, g: g, h: h)
            #expect(abs(fast - reference) <= 1e-12 * max(abs(reference), 1e-300), "m=\(m) n=\(n) h=\(h): \(fast) vs \(reference)")
        }
    }

    @Test func identicalSamplesHavePValueOne() throws {
        let sample = (0..<500).map { Double($0 % 37) }
        let result = try DriftMetrics.kolmogorovSmirnov(reference: sample, current: sample.reversed())
        #expect(result.statistic == 0)
        #expect(result.pValue == 1)
        #expect(result.method == .exact)
    }

    @Test func resultsRecordAsJSON() throws {
        let ks = try DriftMetrics.kolmogorovSmirnov(reference: [1, 2, 3], current: [2, 3, 4, 5])
        #expect(ks.json["method"] == "exact")
        #expect(ks.json["reference_count"] == 3)
        #expect(ks.json["current_count"] == 4)
        let psi = try DriftMetrics.populationStabilityIndex(
            reference: Histogram(edges: [0, 1, 2], counts: [5, 5]), current: Histogram(edges: [0, 1, 2], counts: [5, 5]))
        #expect(psi.json["psi"] == 0)
        #expect(psi.json["epsilon"] == 0.0001)
        _ = try JSONValue.object(ks.json).canonicalBytesChecked()
    }
}
