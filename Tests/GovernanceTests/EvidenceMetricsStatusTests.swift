import Governance
import LedgerCore
import Testing

/// The stable / approaching / breached classification.
struct EvidenceMetricsStatusTests {
    /// The seed's PSI dashboard: threshold 0.10, 0.06 is "APPROACHING", 0.02 to 0.04 "STABLE".
    @Test(arguments: [
        (0.0, MetricStatus.stable), (0.02, .stable), (0.04, .stable), (0.0499, .stable),
        (0.05, .approaching), (0.06, .approaching), (0.10, .approaching), (0.1001, .breached), (3.0, .breached),
        (-0.01, .stable),
    ])
    func psiAgainstTheSeedThreshold(value: Double, status: MetricStatus) throws {
        let rule = try StatusRule(threshold: 0.10, direction: .aboveIsBad)
        #expect(rule.classify(value) == status)
    }

    /// Disparate impact: floor 0.8 (four-fifths), healthy 1.
    @Test(arguments: [
        (1.2, MetricStatus.stable), (1.0, .stable), (0.95, .stable), (0.9, .approaching), (0.8, .approaching),
        (0.7999, .breached), (0, .breached), (Double.greatestFiniteMagnitude, .stable),
    ])
    func disparateImpactBelowIsBad(value: Double, status: MetricStatus) throws {
        let rule = try StatusRule(threshold: 0.8, direction: .belowIsBad, healthy: 1)
        #expect(rule.classify(value) == status)
    }

    @Test func inclusiveThresholdsBreachAtTheLimit() throws {
        let below = try StatusRule(threshold: 0.05, direction: .aboveIsBad, isInclusive: true)
        #expect(below.classify(0.05) == .breached)
        #expect(below.classify(0.0499) == .approaching)
        let floor = try StatusRule(threshold: 0.8, direction: .belowIsBad, healthy: 1, isInclusive: true)
        #expect(floor.classify(0.8) == .breached)
    }

    @Test func nonFiniteValuesAreBreached() throws {
        let rule = try StatusRule(threshold: 0.10, direction: .aboveIsBad)
        #expect(rule.classify(.nan) == .breached)
        #expect(rule.classify(.infinity) == .breached)
    }

    @Test func theHealthyValueMustBeOnTheGoodSide() {
        let above = #expect(throws: LedgerError.self) { try StatusRule(threshold: 0.1, direction: .aboveIsBad, healthy: 0.2) }
        #expect(
            above?.message
                == "healthy: 0.2 is not below the threshold 0.1; when values above the threshold are bad, the healthy value lies below it")
        let below = #expect(throws: LedgerError.self) { try StatusRule(threshold: 0.8, direction: .belowIsBad) }
        #expect(
            below?.message
                == "healthy: 0.0 is not above the threshold 0.8; when values below the threshold are bad, the healthy value lies above it")
        #expect(throws: LedgerError.self) { try StatusRule(threshold: .nan, direction: .aboveIsBad) }
    }

    @Test func ruleRecordsAsJSON() throws {
        let rule = try StatusRule(threshold: 0.8, direction: .belowIsBad, healthy: 1)
        #expect(rule.json == ["threshold": 0.8, "direction": "below_is_bad", "healthy": 1, "inclusive": false])
    }
}
