import Governance
import LedgerCore
import Testing

/// The shipped default policy loads and carries the seed's numbers.
struct ShippedPolicyTests {
    let policy: Policy

    init() throws {
        policy = try PolicyFixtures.shippedPolicy()
    }

    private func tier(_ number: Int) throws -> TierPolicy {
        try #require(policy.tier(RiskTier.number(number)))
    }

    @Test func identity() {
        #expect(policy.name.rawValue == "enterprise-default")
        #expect(policy.version == "1.0.0")
        #expect(policy.tiers.map(\.tier.rawValue) == [1, 2, 3, 4])
    }

    @Test func tierOneBoardHasQuorumFourOfFive() throws {
        let board = try #require(try tier(1).approval.board)
        #expect(board.name.rawValue == "ml-review-board")
        #expect(board.size == 5)
        #expect(board.quorum == 4)
        #expect(board.seats.count == 5)
        #expect(try tier(1).approval.signoffs.map(\.rawValue) == ["compliance", "legal", "business_owner"])
        #expect(try tier(2).approval.board == nil)
    }

    @Test(arguments: zip([1, 2, 3, 4], ["7y", "3y", "1y", "1y"]))
    func retentionByTier(number: Int, expected: String) throws {
        #expect(try tier(number).retention.rawValue == expected)
    }

    @Test func retentionOfSharedEntriesIsTheLongest() {
        #expect(policy.retention.sharedEntriesClass.rawValue == "7y")
        #expect(policy.longestRetention.rawValue == "7y")
        #expect(policy.retention(for: nil).rawValue == "7y")
        #expect(policy.retention(for: .number(2)).rawValue == "3y")
    }

    @Test func noRegressionLimitIsOnePercent() {
        #expect(policy.promotion.noRegression.maxDegradation == 0.01)
        #expect(policy.promotion.improvementPValueBelow == 0.05)
    }

    @Test func fairnessThresholds() throws {
        let fairness = try #require(policy.suites[SuiteName("fairness")!])
        let equalOpportunity = try #require(fairness.metrics[MetricName("equal_opportunity_difference")!])
        #expect(equalOpportunity.upperBound == .init(value: 0.05, isInclusive: false))
        #expect(equalOpportunity.accepts(0.049))
        #expect(!equalOpportunity.accepts(0.05))
        let disparateImpact = try #require(fairness.metrics[MetricName("disparate_impact_ratio")!])
        #expect(disparateImpact.lowerBound == .init(value: 0.8, isInclusive: true))
        #expect(disparateImpact.accepts(0.8))
        #expect(!disparateImpact.accepts(0.79))
    }

    @Test func requiredSuitesByTier() throws {
        #expect(try tier(1).requiredSuites.map(\.rawValue).starts(with: [
            "performance", "data_quality", "infrastructure", "security", "penetration", "fairness", "explainability",
        ]))
        #expect(try tier(2).requiredSuites.map(\.rawValue).contains("shadow"))
        #expect(try tier(3).requiredSuites.map(\.rawValue).contains("smoke"))
        for suite in policy.tiers.flatMap(\.requiredSuites) {
            #expect(policy.suites[suite] != nil, "\(suite) is defined")
        }
    }

    @Test func versionBumpsAddSuitesToTheTiers() throws {
        let three = RiskTier.number(3)
        #expect(policy.promotion.versionBumps[.minor]?.suites.map(\.rawValue) == ["regression"])
        #expect(policy.promotion.versionBumps[.patch]?.suites.map(\.rawValue) == ["smoke"])
        #expect(policy.requiredSuites(tier: three, bump: .patch) == (try tier(3).requiredSuites))
        #expect(policy.requiredSuites(tier: three, bump: .minor)?.last?.rawValue == "regression")
        #expect(policy.requiredSuites(tier: .number(1), bump: .major) == (try tier(1).requiredSuites))
    }

    @Test func driftTriggersFollowTheSeedTable() throws {
        let triggers = try [1, 2, 3].map { try tier($0).retrainingTriggers }
        #expect(triggers.map(\.accuracyDecay) == [0.005, 0.01, 0.02])
        #expect(triggers.map(\.recallDecay) == [0.01, 0.02, 0.03])
        #expect(triggers.map(\.dataDriftPSI) == [0.05, 0.10, 0.15])
        #expect(triggers.map(\.conceptDriftPSI) == [0.03, 0.05, 0.10])
        #expect(triggers.map(\.missingValueIncrease) == [0.003, 0.005, 0.01])
        #expect(triggers.map(\.calibrationDriftBrier) == [0.005, 0.01, 0.02])
        #expect(triggers.map(\.newDataRecords) == [50_000, 100_000, 250_000])
        #expect(triggers.map(\.scheduledEvery.rawValue) == ["1w", "2w", "1mo"])
        #expect(triggers.map(\.inputSchemaChange) == [.immediate, .immediate, .nextBusinessDay])
    }

    @Test func lifecycleDeprecationRetrainingDeployment() {
        #expect(policy.lifecycle.stages == LifecycleStage.required)
        #expect(policy.lifecycle.initial == .development)
        #expect(policy.lifecycle.transition(from: .staging, to: .approved)?.guards == [.validation, .noRegression, .approvals])
        #expect(policy.lifecycle.transition(from: .development, to: .production) == nil)
        #expect(policy.lifecycle.rollback.from == .production)
        #expect(policy.deprecation.keepProductionVersions == 2)
        #expect(policy.deprecation.archiveAfterDeprecated.rawValue == "12mo")
        #expect(policy.deprecation.archiveAfterSupersedingVersions == 3)
        #expect(policy.retraining.autoApprove.improvementAbove == 0.01)
        #expect(policy.deployment.rollbackErrorRateAbove == 0.005)
        #expect(policy.deployment.rollbackAccuracyDropAbove == 0.005)
        #expect(policy.deployment.canarySteps == [0.10, 0.25, 0.50, 1.0])
    }

    @Test func regulatoryMappingNamesTierOneLaws() throws {
        let tierOne = try #require(policy.regulatory[.number(1)])
        #expect(tierOne.contains { $0.hasPrefix("ECOA") })
        #expect(tierOne.contains { $0.hasPrefix("GDPR Article 22") })
        #expect(policy.regulatory.count == 4)
    }
}

extension RiskTier {
    /// A tier number known to be valid in a test.
    static func number(_ value: Int) -> RiskTier {
        guard let tier = RiskTier(rawValue: value) else { preconditionFailure("tier \(value)") }
        return tier
    }
}
