import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// Deployments: steps by strategy, reports judged by the rollback criteria, and a breach that
/// rolls the rollout and the stage back in the same append.
struct DeploymentRuleTests {
    typealias W = GovernanceWorld

    /// A Tier 3 model with 1.0.0 then 1.1.0 in production.
    func world() async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make()
        let slug = try await world.register("Churn Predictor", tier: 3)
        try await world.ship(slug, "1.0.0")
        try await world.ship(slug, "1.1.0")
        return (world, slug)
    }

    @Test func aCanaryAdvancesThroughThePolicySteps() async throws {
        let (world, slug) = try await world()
        try await world.run(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .canary, steps: nil, environment: "us-east"))
        for _ in 0..<3 { try await world.run(.advanceDeployment(model: slug)) }
        let state = try await world.state()
        let deployment = try #require(state.models[slug]?.deployments.last)
        #expect(deployment.steps == world.policy.deployment.canarySteps)
        #expect(deployment.traffic == 1 && !deployment.isActive)
        try await world.expectRejection(.advanceDeployment(model: slug), rule: .deployment)
        let written = try await world.run(.reportDeployment(model: slug, errorRate: 0.001, accuracyDrop: 0.001, agreementRate: nil))
        #expect(written.map(\.header.type) == [.deploymentReported])
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func aReportBeyondTheCriteriaRollsTheDeploymentAndTheStageBack() async throws {
        let (world, slug) = try await world()
        try await world.run(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .canary, steps: nil, environment: "us-east"))
        try await world.run(.advanceDeployment(model: slug))
        let written = try await world.run(.reportDeployment(model: slug, errorRate: 0.012, accuracyDrop: 0.001, agreementRate: nil))
        #expect(written.map(\.header.type) == [.deploymentReported, .deploymentRolledBack, .versionTransitioned, .versionTransitioned])
        let state = try await world.state()
        #expect(state.models[slug]?.productionVersion?.version == W.v("1.0.0"))
        #expect(state.models[slug]?.version(W.v("1.1.0"))?.stage == .deprecated)
        #expect(state.models[slug]?.deployments.last?.rolledBack == true)
        try await world.expectRejection(.advanceDeployment(model: slug), rule: .deployment)
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func strategiesTakeTheirStepsAndOneRolloutRunsAtATime() async throws {
        let (world, slug) = try await world()
        try await world.expectRejection(.startDeployment(model: slug, version: W.v("1.0.0"), strategy: .canary, steps: nil, environment: "x"), rule: .deployment)
        try await world.expectRejection(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .canary, steps: [0.5, 0.2, 1], environment: "x"), rule: .deployment)
        try await world.expectRejection(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .abTest, steps: [1.0], environment: "x"), rule: .deployment)
        try await world.run(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .abTest, steps: [0.3], environment: "x"))
        let written = try await world.run(.reportDeployment(model: slug, errorRate: 0, accuracyDrop: 0, agreementRate: 0.97))
        guard case .deploymentReported(let report)? = try RegistryState.event(of: written[0]) else { Issue.record("no report"); return }
        #expect(report.agreementRate == 0.97 && !report.breached)
        try await world.run(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .shadow, steps: nil, environment: "x"))
        try await world.run(.rollbackDeployment(model: slug, reason: "manual"))
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func aForgedVerdictAndAMissingRollbackAreReported() async throws {
        let (world, slug) = try await world()
        let started = try await world.run(.startDeployment(model: slug, version: W.v("1.1.0"), strategy: .canary, steps: nil, environment: "us-east"))
        let state = try await world.state()
        let report = GovernanceEvent.deploymentReported(DeploymentReported(
            model: slug, version: W.v("1.1.0"), deployment: started[0].header.seq, errorRate: 0.02, accuracyDrop: 0, agreementRate: nil,
            errorRateAbove: 0.005, accuracyDropAbove: 0.005, breached: false, policyDigest: world.policy.digest))
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(stream: report.stream, type: report.type, actor: W.engineer, retention: GovernanceRules.retention(for: report, in: state), payload: report.payload)])
        // A truthful breach whose rollback never comes.
        var truthful = report
        if case .deploymentReported(var e) = report { e.breached = true; truthful = .deploymentReported(e) }
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(stream: truthful.stream, type: truthful.type, actor: W.engineer, retention: GovernanceRules.retention(for: truthful, in: state), payload: truthful.payload)])
        let found = RuleChecker.check(await world.entries).violations
        #expect(found.map(\.rule) == [.evidenceResult, .followUp])
    }
}
