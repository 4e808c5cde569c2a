import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// `retraining.completed`: deltas against production and the auto-approval rule are computed
/// by the ledger and recomputed by the rule checker.
struct RetrainingRuleTests {
    typealias W = GovernanceWorld

    /// A Tier 3 model with 1.0.0 in production at accuracy 0.90.
    func world() async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make()
        let slug = try await world.register("Churn Predictor", tier: 3)
        try await world.ship(slug, "1.0.0", accuracy: 0.90)
        return (world, slug)
    }

    func completed(_ entries: [Entry]) throws -> RetrainingCompleted? {
        if case .retrainingCompleted(let run)? = try RegistryState.event(of: entries[0]) { return run }
        return nil
    }

    @Test func aClearImprovementWithPassingSuitesAndNoDriftIsAutoApproved() async throws {
        let (world, slug) = try await world()
        try await world.release(slug, "1.1.0", accuracy: 0.92)
        try await world.validate(slug, "1.1.0")
        let written = try await world.run(.recordRetraining(model: slug, version: W.v("1.1.0"), outcome: .promoted, reason: nil, costUSD: 340, durationHours: 2.5, promotionCostUSD: 120))
        let run = try #require(try completed(written))
        #expect(run.production == W.v("1.0.0"))
        #expect(abs(run.deltas[MetricName("accuracy")!]! - 0.02) < 1e-12)
        #expect(run.autoApproval.allSuitesPassed && run.autoApproval.noDrift && run.autoApproval.eligible)
        #expect(run.autoApproval.decision == "auto_approved")
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func anAutoApprovedRunStandsInForTheApprovalsButNotForTheOtherGuards() async throws {
        let (world, slug) = try await world()
        try await world.release(slug, "1.1.0", accuracy: 0.92)
        try await world.validate(slug, "1.1.0")
        try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .staging, deployment: nil, reason: nil))
        // Before the run, approved needs the tier's approvals.
        try await world.expectRejection(.transition(model: slug, version: W.v("1.1.0"), to: .approved, deployment: nil, reason: nil), rule: .approvals)
        let run = try await world.run(.recordRetraining(model: slug, version: W.v("1.1.0"), outcome: .promoted, reason: nil, costUSD: 340, durationHours: 2.5, promotionCostUSD: nil))
        #expect(try completed(run)?.autoApproval.decision == "auto_approved")
        let moved = try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .approved, deployment: nil, reason: nil))
        guard case .versionTransitioned(let transition)? = try RegistryState.event(of: moved[0]) else { Issue.record("no transition"); return }
        #expect(transition.request == nil)
        #expect(transition.autoApproval == run[0].header.seq)
        try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .production, deployment: "API", reason: nil))
        #expect(try await world.state().models[slug]?.productionVersion?.version == W.v("1.1.0"))
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)

        // A marginal improvement leaves the version to the approvals, and the validation guard
        // holds whatever the run says.
        try await world.release(slug, "1.2.0", accuracy: 0.925)
        try await world.run(.transition(model: slug, version: W.v("1.2.0"), to: .staging, deployment: nil, reason: nil))
        let marginal = try await world.run(.recordRetraining(model: slug, version: W.v("1.2.0"), outcome: .promoted, reason: nil, costUSD: 300, durationHours: 2, promotionCostUSD: nil))
        #expect(try completed(marginal)?.autoApproval.decision == "needs_approval")
        try await world.expectRejection(.transition(model: slug, version: W.v("1.2.0"), to: .approved, deployment: nil, reason: nil), rule: .validation)
        try await world.validate(slug, "1.2.0")
        try await world.expectRejection(.transition(model: slug, version: W.v("1.2.0"), to: .approved, deployment: nil, reason: nil), rule: .approvals)
    }

    @Test func aTransitionThatClaimsAnAutoApprovalItDoesNotHaveIsReported() async throws {
        let (world, slug) = try await world()
        try await world.release(slug, "1.1.0", accuracy: 0.905)
        try await world.validate(slug, "1.1.0")
        try await world.run(.transition(model: slug, version: W.v("1.1.0"), to: .staging, deployment: nil, reason: nil))
        let run = try await world.run(.recordRetraining(model: slug, version: W.v("1.1.0"), outcome: .promoted, reason: nil, costUSD: 300, durationHours: 2, promotionCostUSD: nil))
        let state = try await world.state()
        let forged = GovernanceEvent.versionTransitioned(VersionTransitioned(
            model: slug, version: W.v("1.1.0"), from: .staging, to: .approved, cause: .transition, autoApproval: run[0].header.seq,
            policyDigest: try #require(state.policy?.digest)))
        let context = EventContext(seq: nil, time: W.start, actor: W.engineer, stream: slug.stream, retention: RetentionClass(rawValue: "1y")!)
        let refused = #expect(throws: GovernanceRejection.self) { try GovernanceRules.check(forged, context: context, in: state) }
        #expect(refused?.rule == .approvals)
    }

    @Test func aMarginalImprovementOrMissingSuitesNeedsApproval() async throws {
        let (world, slug) = try await world()
        try await world.release(slug, "1.1.0", accuracy: 0.905)
        let written = try await world.run(.recordRetraining(model: slug, version: W.v("1.1.0"), outcome: .promoted, reason: nil, costUSD: 300, durationHours: 2, promotionCostUSD: nil))
        let run = try #require(try completed(written))
        #expect(!run.autoApproval.eligible)
        #expect(!run.autoApproval.allSuitesPassed)
        #expect(run.autoApproval.decision == "needs_approval")
        let kept = try await world.run(.recordRetraining(model: slug, version: W.v("1.1.0"), outcome: .kept, reason: "no improvement", costUSD: 300, durationHours: 2, promotionCostUSD: 150))
        #expect(try completed(kept)?.autoApproval.decision == "not_promoted")
        try await world.run(.recordRetraining(model: slug, version: nil, outcome: .failed, reason: "OOM on the training cluster", costUSD: 80, durationHours: 0.5, promotionCostUSD: nil))
        let state = try await world.state()
        #expect(state.models[slug]?.retrainingRuns.map(\.run.outcome) == [.promoted, .kept, .failed])
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func badRunsAreRefused() async throws {
        let (world, slug) = try await world()
        try await world.expectRejection(.recordRetraining(model: slug, version: W.v("9.0.0"), outcome: .kept, reason: nil, costUSD: 1, durationHours: 1, promotionCostUSD: nil), rule: .versionUnknown)
        try await world.expectRejection(.recordRetraining(model: slug, version: nil, outcome: .promoted, reason: nil, costUSD: 1, durationHours: 1, promotionCostUSD: nil), rule: .evidenceInput)
        try await world.expectRejection(.recordRetraining(model: slug, version: nil, outcome: .failed, reason: nil, costUSD: 1, durationHours: 1, promotionCostUSD: nil), rule: .evidenceInput)
    }

    @Test func aForgedAutoApprovalIsReported() async throws {
        let (world, slug) = try await world()
        try await world.release(slug, "1.1.0", accuracy: 0.905)
        let written = try await world.run(.recordRetraining(model: slug, version: W.v("1.1.0"), outcome: .promoted, reason: nil, costUSD: 300, durationHours: 2, promotionCostUSD: nil))
        var forged = try #require(try completed(written))
        forged.autoApproval = .init(improvement: forged.autoApproval.improvement, improvementAbove: 0.01, allSuitesPassed: true, noDrift: true, eligible: true, decision: "auto_approved")
        let state = try await world.state()
        let event = GovernanceEvent.retrainingCompleted(forged)
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(stream: event.stream, type: event.type, actor: W.engineer, retention: GovernanceRules.retention(for: event, in: state), payload: event.payload)])
        let found = RuleChecker.check(await world.entries).violations
        #expect(found.map(\.rule) == [.evidenceResult])
        #expect(found.first?.reason.contains("auto_approved, but the policy's rule gives needs_approval") == true)
    }
}
