import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// What keeps recording a snapshot cheap: a command's state reads only the latest snapshot of a
/// stream, the registry cache takes the decided snapshot as it is, and the rule check of a
/// decision reuses its evaluation only for exactly the same input.
struct SnapshotFoldTests {
    typealias W = GovernanceWorld
    typealias M = MonitoringRuleTests

    /// Snapshots that raise, keep, resolve and raise again an alert, with triggers.
    func world(cached: Bool) async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make(board: false, roles: false, cached: cached)
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.release(slug, "1.0.0")
        for (index, counts) in [M.drifted, M.drifted, M.reference, M.drifted, M.reference].enumerated() {
            try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try M.snapshot("2024-W\(10 + index)", current: counts)))
        }
        return (world, slug)
    }

    func fullFold(_ entries: [Entry]) throws -> RegistryState {
        var state = RegistryState()
        for entry in entries { try state.apply(entry) }
        return state
    }

    @Test func onlyTheLatestSnapshotOfAStreamIsReadAndTheStateIsTheSame() async throws {
        let (world, slug) = try await world(cached: false)
        let all = await world.entries
        let read = await world.store.entries(EntryQuery(stream: slug.stream, supersededLeftOut: RegistryState.supersededTypes))
        let snapshots = all.filter { $0.header.type == .monitoringSnapshotRecorded }
        #expect(snapshots.count == 5)
        #expect(read.filter { $0.header.type == .monitoringSnapshotRecorded }.map(\.header.seq) == [snapshots.last!.header.seq])
        #expect(read.count == all.filter { $0.header.stream == slug.stream }.count - 4)

        let (state, versions) = try await world.service.state(models: [slug])
        let full = try fullFold(all)
        #expect(state.models[slug] == full.models[slug])
        #expect(state.models[slug]?.alerts.count == 2)
        #expect(state.models[slug]?.lastSnapshot?.window == "2024-W14")
        #expect(versions[slug.stream] == all.last { $0.header.stream == slug.stream }?.header.streamVersion)
    }

    @Test func theCacheTakesTheDecidedSnapshotAsAFoldOfTheLogWould() async throws {
        let (world, slug) = try await world(cached: true)
        let cached = try await world.state()
        let full = try fullFold(await world.entries)
        #expect(cached.models[slug] == full.models[slug])
        #expect(cached.models[slug]?.pendingFollowUp == nil)
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func anEvaluationIsReusedOnlyForTheSameInput() async throws {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Fraud Detection Engine", tier: 1)
        try await world.release(slug, "1.0.0")
        let state = try await world.state()
        let adopted = try #require(state.policy)
        let drifted = try M.snapshot("2024-W10", current: M.drifted)
        let calm = try M.snapshot("2024-W10", current: M.reference)
        let honest = try MonitoringEvaluator.evaluate(drifted, tier: RiskTier(rawValue: 1)!, policy: adopted.policy, policyDigest: adopted.digest, openAlerts: [])
        let other = try MonitoringEvaluator.evaluate(calm, tier: RiskTier(rawValue: 1)!, policy: adopted.policy, policyDigest: adopted.digest, openAlerts: [])
        // A snapshot of the drifted data that claims the calm data's results and no alert.
        let forged = GovernanceEvent.snapshotRecorded(MonitoringSnapshotRecorded(
            model: slug, version: W.v("1.0.0"), input: drifted, results: other.outcome.results, raised: [], resolved: [], triggers: [],
            tier: RiskTier(rawValue: 1)!, policyDigest: adopted.digest))
        let context = EventContext(seq: nil, time: W.start, actor: W.engineer, stream: slug.stream, retention: RetentionClass(rawValue: "7y")!)
        // The calm evaluation was not computed from this input: the check computes afresh and refuses.
        let refused = #expect(throws: GovernanceRejection.self) {
            try GovernanceRules.check(forged, context: context, in: state, evaluation: other)
        }
        #expect(refused?.rule == .evidenceResult)
        // Nor is an evaluation reused under other open alerts.
        let elsewhere = try MonitoringEvaluator.evaluate(drifted, tier: RiskTier(rawValue: 1)!, policy: adopted.policy, policyDigest: adopted.digest, openAlerts: ["data_drift_psi.amount"])
        let honestEvent = GovernanceEvent.snapshotRecorded(MonitoringSnapshotRecorded(
            model: slug, version: W.v("1.0.0"), input: drifted, results: elsewhere.outcome.results, raised: elsewhere.outcome.raised,
            resolved: elsewhere.outcome.resolved, triggers: elsewhere.outcome.triggers, tier: RiskTier(rawValue: 1)!, policyDigest: adopted.digest))
        let stale = #expect(throws: GovernanceRejection.self) {
            try GovernanceRules.check(honestEvent, context: context, in: state, evaluation: elsewhere)
        }
        #expect(stale?.rule == .evidenceResult)
        // The evaluation of this very input on this footing is the one the check computes.
        try GovernanceRules.check(GovernanceEvent.snapshotRecorded(MonitoringSnapshotRecorded(
            model: slug, version: W.v("1.0.0"), input: drifted, results: honest.outcome.results, raised: honest.outcome.raised,
            resolved: honest.outcome.resolved, triggers: honest.outcome.triggers, tier: RiskTier(rawValue: 1)!, policyDigest: adopted.digest)),
            context: context, in: state, evaluation: honest)
    }

    @Test func readingASnapshotBackChecksItsSamplesWithoutRunningTheTest() throws {
        let histogram: JSONValue = ["edges": [0, 1, 2], "counts": [1, 2]]
        func feature(_ reference: [Double], _ current: [Double]) -> JSONObject {
            ["window": "w1", "features": .array([.object([
                "name": "amount", "reference": histogram, "current": histogram,
                "reference_sample": .array(reference.map { .number($0) }), "current_sample": .array(current.map { .number($0) }),
            ])])]
        }
        #expect(throws: LedgerError.self) { try MonitoringInput(json: feature([], [1])) }
        let input = try MonitoringInput(json: feature([1, 2, 3], [2, 3, 4]))
        #expect(input.features.first?.referenceSample == [1, 2, 3])
        #expect(throws: LedgerError.self) { try DriftMetrics.validateSamples(reference: [1], current: [.nan]) }
    }
}
