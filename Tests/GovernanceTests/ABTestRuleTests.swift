import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// `ab.test.recorded`: the significance test is computed from the arms and an improvement is
/// accepted only at p below the policy's level.
struct ABTestRuleTests {
    typealias W = GovernanceWorld

    func world() async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make()
        let slug = try await world.register("Churn Predictor", tier: 3)
        try await world.ship(slug, "1.0.0")
        try await world.release(slug, "1.1.0")
        return (world, slug)
    }

    func test(_ entries: [Entry]) throws -> ABTestRecorded? {
        if case .abTestRecorded(let e)? = try RegistryState.event(of: entries[0]) { return e }
        return nil
    }

    @Test func aSignificantImprovementIsAcceptedAndANoisyOneIsNot() async throws {
        let (world, slug) = try await world()
        let clear = try #require(try test(try await world.run(.recordABTest(model: slug, version: W.v("1.1.0"), metric: "retention", arms: .proportions(successesA: 480, trialsA: 1000, successesB: 560, trialsB: 1000)))))
        #expect(clear.baseline == W.v("1.0.0"))
        #expect(clear.accepted)
        #expect(abs(clear.improvement - 0.08) < 1e-12)
        let noisy = try #require(try test(try await world.run(.recordABTest(model: slug, version: W.v("1.1.0"), metric: "retention", arms: .proportions(successesA: 480, trialsA: 1000, successesB: 500, trialsB: 1000)))))
        #expect(!noisy.accepted)
        let welch = try #require(try test(try await world.run(.recordABTest(model: slug, version: W.v("1.1.0"), metric: "basket_value", arms: .samples(a: [10, 11, 9, 10, 12, 10], b: [13, 14, 12, 15, 13, 14])))))
        #expect(welch.accepted)
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func badArmsAreRefusedAndAForgedClaimIsReported() async throws {
        let (world, slug) = try await world()
        let message = try await world.expectRejection(.recordABTest(model: slug, version: W.v("1.1.0"), metric: "retention", arms: .proportions(successesA: 10, trialsA: 5, successesB: 1, trialsB: 5)), rule: .evidenceInput)
        #expect(message.contains("successesA: 10 exceeds trialsA 5"))
        let written = try await world.run(.recordABTest(model: slug, version: W.v("1.1.0"), metric: "retention", arms: .proportions(successesA: 480, trialsA: 1000, successesB: 500, trialsB: 1000)))
        var forged = try #require(try test(written))
        forged.accepted = true
        let state = try await world.state()
        let event = GovernanceEvent.abTestRecorded(forged)
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(stream: event.stream, type: event.type, actor: W.engineer, retention: GovernanceRules.retention(for: event, in: state), payload: event.payload)])
        #expect(RuleChecker.check(await world.entries).violations.map(\.rule) == [.evidenceResult])
    }

    @Test func costsAreRecordedAndAnImpossibleSpotPriceIsRefused() async throws {
        let (world, slug) = try await world()
        try await world.run(.recordCost(model: slug, period: "2025-04", category: .training, amountUSD: 120, onDemandUSD: 340, note: "spot"))
        try await world.run(.recordCost(model: slug, period: "2025-04", category: .inference, amountUSD: 900, onDemandUSD: nil, note: nil))
        try await world.expectRejection(.recordCost(model: slug, period: "2025-04", category: .training, amountUSD: 120, onDemandUSD: 100, note: nil), rule: .evidenceInput)
        try await world.expectRejection(.recordCost(model: W.slug("Nothing"), period: "2025-04", category: .storage, amountUSD: 1, onDemandUSD: nil, note: nil), rule: .modelUnknown)
        let state = try await world.state()
        #expect(state.models[slug]?.costs.map(\.savedUSD) == [220, 0])
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func explanationsAreJudgedByTheExplainabilitySuite() async throws {
        let (world, slug) = try await world()
        let global = Dictionary(uniqueKeysWithValues: (1...10).map { ("feature_\($0)", 1.0 / Double($0)) })
        let written = try await world.run(.recordExplainability(model: slug, version: W.v("1.1.0"), method: "shap", global: global, local: ["p-1": ["tenure below 6 months"]], counterfactuals: ["p-1": "tenure of 9 months"], scores: ["stability": 0.95, "fidelity": 0.93, "sparsity": 0.6]))
        guard case .explainabilityRecorded(let e)? = try RegistryState.event(of: written[0]) else { Issue.record("no record"); return }
        #expect(e.passed)
        let thin = try await world.run(.recordExplainability(model: slug, version: W.v("1.1.0"), method: "lime", global: ["a": 1], local: [:], counterfactuals: [:], scores: ["stability": 0.8, "fidelity": 0.95]))
        guard case .explainabilityRecorded(let f)? = try RegistryState.event(of: thin[0]) else { Issue.record("no record"); return }
        #expect(!f.passed)
        #expect(f.verdict[MetricName("global_features_reported")!]?.passed == false)
        #expect(f.verdict[MetricName("stability")!]?.passed == false)
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }
}
