import Foundation
import Governance
import LedgerCore
import LedgerTestSupport
import Testing

/// `monitoring.snapshot.recorded` and its derived entries: statuses by the tier's thresholds,
/// alerts and retraining triggers in the same atomic append, resolution by a later snapshot.
struct MonitoringRuleTests {
    typealias W = GovernanceWorld

    static let edges: [Double] = [0, 10, 20, 30, 40]
    static let reference = [250, 250, 250, 250]
    /// PSI ≈ 0.12 against ``reference``: breached at Tier 1 (0.05), approaching at Tier 3 (0.15).
    static let drifted = [130, 250, 250, 370]

    static func snapshot(_ window: String, current: [Int], extra: JSONObject = [:]) throws -> MonitoringInput {
        var object: JSONObject = [
            "window": .string(window),
            "features": .array([.object([
                "name": "amount", "group": "transaction",
                "reference": .object(["edges": .array(edges.map { .number($0) }), "counts": .array(reference.map { .number(Double($0)) })]),
                "current": .object(["edges": .array(edges.map { .number($0) }), "counts": .array(current.map { .number(Double($0)) })]),
            ])]),
        ]
        for member in extra { object[member.key] = member.value }
        return try MonitoringInput(json: object)
    }

    func world(tier: Int) async throws -> (GovernanceWorld, ModelSlug) {
        let world = try await W.make(board: false, roles: false)
        let slug = try await world.register("Fraud Detection Engine", tier: tier)
        try await world.release(slug, "1.0.0")
        return (world, slug)
    }

    @Test func aTier1BreachRaisesTheAlertAndTheTriggerInTheSameBatchButTier3DoesNot() async throws {
        let input = try Self.snapshot("2024-W10", current: Self.drifted)
        let (strict, slug) = try await world(tier: 1)
        let written = try await strict.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: input))
        #expect(written.map(\.header.type) == [.monitoringSnapshotRecorded, .driftAlertRaised, .retrainingTriggered])
        guard case .alertRaised(let alert)? = try RegistryState.event(of: written[1]) else { Issue.record("no alert"); return }
        #expect(alert.metric == "data_drift_psi.amount")
        #expect(alert.threshold == 0.05)
        #expect(alert.value > 0.1 && alert.value < 0.15)
        guard case .retrainingTriggered(let trigger)? = try RegistryState.event(of: written[2]) else { Issue.record("no trigger"); return }
        #expect(trigger.triggers == [.dataDriftPSI])
        #expect(RuleChecker.check(await strict.entries).violations.isEmpty)

        let (loose, slug3) = try await world(tier: 3)
        let looser = try await loose.run(.recordSnapshot(model: slug3, version: W.v("1.0.0"), input: input))
        #expect(looser.map(\.header.type) == [.monitoringSnapshotRecorded])
        let state = try await loose.state()
        let metric = try #require(state.models[slug3]?.lastSnapshot?.metrics["data_drift_psi.amount"])
        #expect(metric.threshold == 0.15)
        #expect(metric.status == .approaching)
        #expect(state.models[slug3]?.openAlerts.isEmpty == true)
    }

    @Test func aLaterSnapshotWithinBoundsResolvesTheAlert() async throws {
        let (world, slug) = try await world(tier: 1)
        try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try Self.snapshot("2024-W10", current: Self.drifted)))
        // Still breached: no second alert, no second trigger.
        let again = try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try Self.snapshot("2024-W11", current: Self.drifted)))
        #expect(again.map(\.header.type) == [.monitoringSnapshotRecorded])
        let back = try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try Self.snapshot("2024-W12", current: Self.reference)))
        #expect(back.map(\.header.type) == [.monitoringSnapshotRecorded, .driftAlertResolved])
        let state = try await world.state()
        #expect(state.models[slug]?.openAlerts.isEmpty == true)
        #expect(state.models[slug]?.alerts.first?.resolvedWindow == "2024-W12")
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func performanceQualityAndInfrastructureAreJudged() async throws {
        let (world, slug) = try await world(tier: 1)
        let input = try Self.snapshot("2024-W10", current: Self.reference, extra: [
            // Accuracy 0.95 against the lineage baseline 0.97: a decay of 0.02 > 0.005.
            "performance": ["tp": 45, "fp": 2, "tn": 50, "fn": 3],
            "data_quality": ["missing_rate": 0.012, "baseline_missing_rate": 0.01, "new_categories": [], "schema_changed": false],
            "infrastructure": ["latency_p95_ms": 62, "throughput_rpm": 14000, "error_rate": 0.0004],
            "new_records": 1000,
        ])
        let written = try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: input))
        let state = try await world.state()
        let metrics = try #require(state.models[slug]?.lastSnapshot?.metrics)
        #expect(metrics["accuracy_decay"]?.status == .breached)
        #expect(metrics["missing_value_increase"]?.status == .approaching)
        #expect(metrics["infrastructure.latency_p95_ms"]?.status == .breached)
        #expect(metrics["infrastructure.throughput_rpm"]?.status == .stable)
        #expect(metrics["new_data_records"]?.status == .stable)
        let raised = try written.compactMap { entry -> String? in
            if case .alertRaised(let alert)? = try RegistryState.event(of: entry) { return alert.metric }
            return nil
        }
        #expect(raised == ["accuracy_decay", "infrastructure.latency_p95_ms", "recall_decay"])
        #expect(written.first?.header.type == .monitoringSnapshotRecorded)
        #expect(written.last?.header.type == .retrainingTriggered)
        guard case .retrainingTriggered(let trigger)? = try RegistryState.event(of: written.last!) else { Issue.record("no trigger"); return }
        #expect(trigger.triggers == [.accuracyDecay, .recallDecay])
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test func aSignificantKolmogorovSmirnovShiftIsJudgedAlertedAndTriggers() async throws {
        // Two samples of 200 values, the current one shifted by half the range: p far below 0.05.
        let reference: [JSONValue] = (0..<200).map { .number(Double($0) / 10) }
        let shifted: [JSONValue] = (0..<200).map { .number(Double($0) / 10 + 10) }
        let same: [JSONValue] = (0..<200).map { .number(Double($0) / 10 + 0.01) }
        func input(_ window: String, _ current: [JSONValue]) throws -> MonitoringInput {
            try MonitoringInput(json: [
                "window": .string(window),
                "features": .array([.object([
                    "name": "amount",
                    "reference": .object(["edges": .array(Self.edges.map { .number($0) }), "counts": .array(Self.reference.map { .number(Double($0)) })]),
                    "current": .object(["edges": .array(Self.edges.map { .number($0) }), "counts": .array(Self.reference.map { .number(Double($0)) })]),
                    "reference_sample": .array(reference), "current_sample": .array(current),
                ])]),
            ])
        }
        let (world, slug) = try await world(tier: 1)
        let written = try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try input("2024-W10", shifted)))
        #expect(written.map(\.header.type) == [.monitoringSnapshotRecorded, .driftAlertRaised, .retrainingTriggered])
        let state = try await world.state()
        let ks = try #require(state.models[slug]?.lastSnapshot?.metrics["data_drift_ks.amount"])
        #expect(ks.status == .breached)
        #expect(ks.threshold == 0.05)
        #expect(ks.direction == .belowIsBad)
        #expect(ks.value < 1e-10)
        #expect(state.models[slug]?.lastSnapshot?.metrics["data_drift_psi.amount"]?.status == .stable)
        guard case .retrainingTriggered(let trigger)? = try RegistryState.event(of: written[2]) else { Issue.record("no trigger"); return }
        #expect(trigger.triggers == [.dataDriftKS])
        // Back to the reference distribution: stable, and the alert is resolved.
        let back = try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try input("2024-W11", same)))
        #expect(back.map(\.header.type) == [.monitoringSnapshotRecorded, .driftAlertResolved])
        #expect(try await world.state().models[slug]?.lastSnapshot?.metrics["data_drift_ks.amount"]?.status == .stable)
        #expect(RuleChecker.check(await world.entries).violations.isEmpty)
    }

    @Test(arguments: [(0.2, MetricStatus.stable), (0.1, .stable), (0.099, .approaching), (0.05, .approaching), (0.049, .breached), (0, .breached)])
    func theKolmogorovSmirnovPValueIsBreachedBelowAlphaAndApproachingBelowTwiceAlpha(pValue: Double, status: MetricStatus) {
        #expect(MonitoringEvaluator.ksStatus(pValue: pValue, alpha: 0.05) == status)
    }

    @Test func aPolicyWithoutAKolmogorovSmirnovLevelRecordsTheTestUnjudged() throws {
        var document = try PolicyFixtures.shippedJSON()
        document = try JSONEdit(path: ["tiers", "1", "retraining_triggers", "data_drift_ks_p_value"], value: nil).applied(to: document)
        let policy = try PolicyLoader.load(yaml: PolicyFixtures.text(document))
        let input = try MonitoringInput(json: [
            "window": "w1",
            "features": .array([.object([
                "name": "amount", "reference": ["edges": [0, 1, 2], "counts": [1, 2]], "current": ["edges": [0, 1, 2], "counts": [1, 2]],
                "reference_sample": [1, 2, 3], "current_sample": [11, 12, 13],
            ])]),
        ])
        let outcome = try MonitoringEvaluator.evaluate(input, tier: RiskTier(rawValue: 1)!, policy: policy, openAlerts: [])
        #expect(outcome.metrics["data_drift_ks.amount"] == nil)
        #expect(outcome.results["kolmogorov_smirnov"]?["amount"]?["p_value"]?.numberValue != nil)
        let judged = try MonitoringEvaluator.evaluate(input, tier: RiskTier(rawValue: 1)!, policy: try PolicyFixtures.shippedPolicy(), openAlerts: [])
        #expect(judged.metrics["data_drift_ks.amount"]?.threshold == 0.05)
    }

    @Test func aLabelDistributionShiftIsJudgedAsConceptDrift() async throws {
        let labels: JSONValue = [
            "reference": ["categories": ["0", "1"], "counts": [9700, 300]],
            "current": ["categories": ["1", "0"], "counts": [900, 9100]],
        ]
        let input = try Self.snapshot("2024-W10", current: Self.reference, extra: ["labels": labels])
        let (strict, slug) = try await world(tier: 1)
        let written = try await strict.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: input))
        #expect(written.map(\.header.type) == [.monitoringSnapshotRecorded, .driftAlertRaised, .retrainingTriggered])
        let metric = try #require(try await strict.state().models[slug]?.lastSnapshot?.metrics["label_shift_psi"])
        // (0.09 − 0.03)·ln(3) + (0.91 − 0.97)·ln(0.91/0.97)
        #expect(abs(metric.value - (0.06 * log(3.0) + (-0.06) * log(0.91 / 0.97))) < 1e-12)
        #expect(metric.threshold == 0.03)
        #expect(metric.status == .breached)
        guard case .retrainingTriggered(let trigger)? = try RegistryState.event(of: written[2]) else { Issue.record("no trigger"); return }
        #expect(trigger.triggers == [.conceptDriftPSI])
        #expect(RuleChecker.check(await strict.entries).violations.isEmpty)
        // A small shift is stable at Tier 3 (threshold 0.10).
        let (loose, slug3) = try await world(tier: 3)
        let calm = try Self.snapshot("2024-W10", current: Self.reference, extra: ["labels": [
            "reference": ["categories": ["0", "1"], "counts": [9700, 300]], "current": ["categories": ["0", "1"], "counts": [9650, 350]],
        ]])
        try await loose.run(.recordSnapshot(model: slug3, version: W.v("1.0.0"), input: calm))
        #expect(try await loose.state().models[slug3]?.lastSnapshot?.metrics["label_shift_psi"]?.status == .stable)
        // Bad label counts are refused with the field named.
        let error = #expect(throws: LedgerError.self) {
            try Self.snapshot("w", current: Self.reference, extra: ["labels": ["reference": ["categories": ["0", "1"], "counts": [1, 2]], "current": ["categories": ["0", "2"], "counts": [1, 2]]]])
        }
        #expect(error?.message.hasPrefix("labels.current.categories: '2' is not a reference category") == true)
    }

    @Test func badInputIsRefusedWithAPreciseMessage() throws {
        func message(_ object: JSONObject) -> String {
            do {
                _ = try MonitoringInput(json: object)
                return "accepted"
            } catch {
                return error.message
            }
        }
        let histogram: JSONValue = ["edges": [0, 1, 2], "counts": [1, 2]]
        func feature(_ fields: JSONObject) -> JSONObject {
            var object: JSONObject = ["name": "amount", "reference": histogram, "current": histogram]
            for member in fields { object[member.key] = member.value }
            return ["window": "w1", "features": .array([.object(object)])]
        }
        #expect(message(feature(["current": ["edges": [0, 1, 3], "counts": [1, 2]]])).hasPrefix("features[0].current.edges[2]: 3.0 differs from the reference edge 2.0"))
        #expect(message(feature(["current": ["edges": [0, 1, 2], "counts": [1, 2, 3]]])).hasPrefix("features[0].current.counts: 3 counts for 2 bins"))
        #expect(message(feature(["reference": ["edges": [0, 1, 2], "counts": [-1, 2]]])).hasPrefix("features[0].reference.counts[0]: -1 is negative"))
        #expect(message(feature(["reference_sample": [], "current_sample": [1]])).hasPrefix("features[0].reference_sample: is empty"))
        #expect(message(["window": "w1", "calibration": ["probabilities": [1.5], "labels": [1], "baseline_brier": 0.1]]).hasPrefix("calibration.probabilities[0]: 1.5 is outside 0…1"))
        #expect(message(["window": "w1"]).contains("the snapshot measures nothing"))
    }

    @Test func anUnknownVersionIsRefusedAndNothingIsWritten() async throws {
        let (world, slug) = try await world(tier: 1)
        try await world.expectRejection(.recordSnapshot(model: slug, version: W.v("2.0.0"), input: try Self.snapshot("w", current: Self.drifted)), rule: .versionUnknown)
    }

    @Test func forgedStatusesAndMissingDerivedEntriesAreReported() async throws {
        let (world, slug) = try await world(tier: 1)
        let written = try await world.run(.recordSnapshot(model: slug, version: W.v("1.0.0"), input: try Self.snapshot("2024-W10", current: Self.drifted)))
        guard case .snapshotRecorded(var snapshot)? = try RegistryState.event(of: written[0]) else { Issue.record("no snapshot"); return }
        // A writer records the same data as within bounds, with no alert.
        snapshot.input = try Self.snapshot("2024-W11", current: Self.drifted)
        var metrics = snapshot.results["metrics"]!.objectValue!
        var psi = metrics["data_drift_psi.amount"]!.objectValue!
        psi["status"] = "stable"
        metrics["data_drift_psi.amount"] = .object(psi)
        snapshot.results["metrics"] = .object(metrics)
        try await append(world, .snapshotRecorded(snapshot))
        // An alert out of nowhere.
        try await append(world, .alertRaised(DriftAlertRaised(model: slug, version: W.v("1.0.0"), metric: "concept_drift_psi", value: 1, threshold: 0.03, severity: "critical", window: "2024-W11", policyDigest: world.policy.digest)))
        let found = RuleChecker.check(await world.entries).violations
        #expect(found.map(\.rule) == [.evidenceResult, .followUp])
        #expect(found.first?.reason.contains("data_drift_psi.amount") == true)
    }

    func append(_ world: GovernanceWorld, _ event: GovernanceEvent) async throws {
        let state = try await world.state()
        world.clock.advance(milliseconds: 60_000)
        _ = try await world.store.appendUnchecked([EntryDraft(
            stream: event.stream, type: event.type, actor: W.engineer, retention: GovernanceRules.retention(for: event, in: state), payload: event.payload)])
    }
}
