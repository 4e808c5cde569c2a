public import LedgerCore

/// Computes evidence outcomes from their inputs and the policy, for decisions and the rule checker alike.
public enum EvidenceEvaluator {
    /// A computed bias test: the report, each judged metric and the verdict.
    public struct BiasOutcome: Hashable, Sendable {
        public let report: FairnessReport
        public let verdict: [MetricName: ValidationRecorded.Result]
        public let passed: Bool
    }

    /// The suite whose thresholds judge bias tests.
    public static let fairnessSuite = SuiteName(rawValue: "fairness")!

    /// The thresholds that judge bias tests of a `tier` model: the tier's `fairness` mapping
    /// when it has one, otherwise the numeric metrics of the `fairness` suite.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the tier has no mapping and the policy
    ///   defines no fairness suite.
    public static func fairnessThresholds(tier: RiskTier, policy: Policy) throws(LedgerError) -> [MetricName: MetricThreshold] {
        if let thresholds = policy.tier(tier)?.fairness { return thresholds }
        guard let suite = policy.suites[fairnessSuite] else {
            throw LedgerError(.invalidField, "policy \(policy.name) \(policy.version) gives Tier \(tier) no fairness thresholds and defines no suite 'fairness'; add tiers.\(tier).fairness or suites.fairness")
        }
        return suite.metrics.filter { $0.value.unit != .boolean }
    }

    /// Computes the fairness report of `groups` and judges every metric of the tier's fairness
    /// thresholds (``fairnessThresholds(tier:policy:)``) that the report carries
    /// (`disparate_impact_ratio`, `equal_opportunity_difference`,
    /// `demographic_parity_difference` for Tiers 1 and 2 of the shipped policy; nothing for
    /// Tiers 3 and 4, where the seed does not require bias testing).
    ///
    /// - Throws: ``LedgerError`` `.invalidField` when the groups do not make a bias test (fewer
    ///   than two, a repeated name, no reference group) or the policy gives the tier no thresholds.
    public static func bias(groups: [FairnessGroup], reference: String, policy: Policy, tier: RiskTier) throws(LedgerError) -> BiasOutcome {
        let report = try FairnessMetrics.evaluate(groups: groups, reference: reference)
        let thresholds = try fairnessThresholds(tier: tier, policy: policy)
        let results = report.json
        var verdict: [MetricName: ValidationRecorded.Result] = [:]
        for (name, threshold) in thresholds where threshold.unit != .boolean {
            guard let value = results[name.rawValue]?.numberValue else { continue }
            let measured = Measurement.number(value)
            verdict[name] = ValidationRecorded.Result(value: measured, passed: measured.passes(threshold))
        }
        return BiasOutcome(report: report, verdict: verdict, passed: verdict.values.allSatisfy(\.passed))
    }
}

extension RuleCheck {
    /// The model and version exist and the version is not archived.
    func evidenceVersion(_ slug: ModelSlug, _ version: SemanticVersion) throws(GovernanceRejection) -> (ModelRecord, VersionRecord) {
        let model = try model(slug)
        let record = try self.version(version, of: model)
        guard record.stage != .archived else {
            throw fail(.lifecycle, "\(model.slug) \(record.version) is archived; an archived version takes no new evidence")
        }
        return (model, record)
    }

    func check(_ e: BiasTestRecorded) throws(GovernanceRejection) {
        let (model, _) = try evidenceVersion(e.model, e.version)
        guard e.tier == model.tier else {
            throw fail(.evidenceResult, "it records Tier \(e.tier), but \(model.slug) is Tier \(model.tier)")
        }
        let outcome: EvidenceEvaluator.BiasOutcome
        do {
            outcome = try EvidenceEvaluator.bias(groups: e.groups, reference: e.reference, policy: policy, tier: model.tier)
        } catch {
            throw fail(.evidenceInput, error.message)
        }
        let computed = outcome.report.json
        if let key = Set(computed.keys).union(e.results.keys).sorted().first(where: { computed[$0] != e.results[$0] }) {
            throw fail(.evidenceResult, "its results give \(key) = \(e.results[key].map { "\($0)" } ?? "nothing"), but the groups give \(computed[key].map { "\($0)" } ?? "nothing"); results are computed by the ledger from the recorded input, never given")
        }
        guard outcome.verdict == e.verdict, outcome.passed == e.passed else {
            throw fail(.evidenceResult, "its verdict (\(e.passed ? "passed" : "failed")) is not the one the fairness thresholds of Tier \(model.tier) give (\(outcome.passed ? "passed" : "failed")); verdicts are computed by the ledger, never given")
        }
    }
}

extension RuleCheck {
    func check(_ e: MonitoringSnapshotRecorded) throws(GovernanceRejection) {
        let (model, _) = try evidenceVersion(e.model, e.version)
        guard e.tier == model.tier else {
            throw fail(.evidenceResult, "it records Tier \(e.tier), but \(model.slug) is Tier \(model.tier); statuses are judged by the model's tier")
        }
        let openAlerts = Set(model.openAlerts.map(\.metric))
        let outcome: MonitoringEvaluator.Outcome
        if let reused = evaluation?.outcome(for: e.input, tier: model.tier, policyDigest: adopted.digest, openAlerts: openAlerts) {
            outcome = reused
        } else {
            do {
                outcome = try MonitoringEvaluator.evaluate(e.input, tier: model.tier, policy: policy, openAlerts: openAlerts)
            } catch {
                throw fail(.evidenceInput, error.message)
            }
        }
        let recorded = MonitoredMetric.all(in: e.results)
        if let name = Set(outcome.metrics.keys).union(recorded.keys).sorted().first(where: { outcome.metrics[$0] != recorded[$0] }) {
            let given = recorded[name].map { "\($0.value) (\($0.status))" } ?? "nothing"
            let computed = outcome.metrics[name].map { "\($0.value) (\($0.status)) against the threshold \($0.threshold)" } ?? "nothing"
            throw fail(.evidenceResult, "it records \(name) = \(given), but the input gives \(computed); metrics are computed by the ledger from the recorded input, never given")
        }
        if let key = Set(outcome.results.keys).union(e.results.keys).sorted().first(where: { outcome.results[$0] != e.results[$0] }) {
            throw fail(.evidenceResult, "its results differ from the ones the input gives in '\(key)'; results are computed by the ledger, never given")
        }
        guard outcome.raised == e.raised, outcome.resolved == e.resolved, outcome.triggers == e.triggers else {
            throw fail(.evidenceResult, "it derives alerts raised [\(e.raised.joined(separator: ", "))], resolved [\(e.resolved.joined(separator: ", "))] and triggers [\(e.triggers.map(\.rawValue).joined(separator: ", "))], but its metrics and the open alerts give [\(outcome.raised.joined(separator: ", "))], [\(outcome.resolved.joined(separator: ", "))] and [\(outcome.triggers.map(\.rawValue).joined(separator: ", "))]")
        }
    }

    /// A derived entry comes only right after its snapshot; returns the snapshot's metric.
    func derived(_ type: EventType, _ slug: ModelSlug, _ version: SemanticVersion, window: String, metric: String?) throws(GovernanceRejection) -> (ModelRecord, MonitoredMetric?) {
        let model = try model(slug)
        guard model.pendingFollowUp != nil, let snapshot = model.lastSnapshot else {
            throw fail(.followUp, "a \(type) entry is derived: it is recorded only in the batch of the monitoring snapshot that gives it, right after it (govledger monitor --file …)")
        }
        guard snapshot.version == version, snapshot.window == window else {
            throw fail(.evidenceResult, "it names \(version) [\(window)], but its snapshot measured \(snapshot.version) [\(snapshot.window)]")
        }
        return (model, metric.flatMap { snapshot.metrics[$0] })
    }

    func check(_ e: DriftAlertRaised) throws(GovernanceRejection) {
        let (_, measured) = try derived(.driftAlertRaised, e.model, e.version, window: e.window, metric: e.metric)
        guard let measured, measured.value == e.value, measured.threshold == e.threshold, measured.severity == e.severity else {
            throw fail(.evidenceResult, "it records \(e.metric) = \(e.value) against \(e.threshold) (\(e.severity)), but its snapshot measured \(measured.map { "\($0.value) against \($0.threshold) (\($0.severity))" } ?? "no such metric")")
        }
    }

    func check(_ e: DriftAlertResolved) throws(GovernanceRejection) {
        let (model, measured) = try derived(.driftAlertResolved, e.model, e.version, window: e.window, metric: e.metric)
        guard let measured, measured.value == e.value, measured.threshold == e.threshold else {
            throw fail(.evidenceResult, "it records \(e.metric) = \(e.value) against \(e.threshold), but its snapshot measured \(measured.map { "\($0.value) against \($0.threshold)" } ?? "no such metric")")
        }
        let open = model.openAlerts.last { $0.metric == e.metric }
        guard let open, open.seq == e.raised else {
            throw fail(.evidenceResult, "it resolves the alert at seq \(e.raised), but the open alert on \(e.metric) is \(open?.seq.map { "at seq \($0)" } ?? "none")")
        }
    }

    func check(_ e: RetrainingTriggered) throws(GovernanceRejection) {
        let (model, _) = try derived(.retrainingTriggered, e.model, e.version, window: e.window, metric: nil)
        guard model.lastSnapshot?.triggers == e.triggers else {
            throw fail(.evidenceResult, "it records the triggers [\(e.triggers.map(\.rawValue).joined(separator: ", "))], but its snapshot fired [\((model.lastSnapshot?.triggers ?? []).map(\.rawValue).joined(separator: ", "))]")
        }
    }
}

extension RuleCheck {
    func check(_ e: ABTestRecorded) throws(GovernanceRejection) {
        let (model, _) = try evidenceVersion(e.model, e.version)
        guard e.baseline == model.productionVersion?.version else {
            throw fail(.evidenceResult, "it compares with \(e.baseline?.description ?? "no version"), but the production version is \(model.productionVersion?.version.description ?? "none")")
        }
        let alpha = policy.promotion.improvementPValueBelow
        let outcome: ABTestRecorded.Outcome
        do {
            outcome = try ABTestRecorded.evaluate(e.arms, alpha: alpha)
        } catch {
            throw fail(.evidenceInput, error.message)
        }
        guard outcome.result == e.result, outcome.improvement == e.improvement, e.pValueBelow == alpha, outcome.accepted == e.accepted else {
            throw fail(.evidenceResult, "it records improvement \(e.improvement) \(e.accepted ? "accepted" : "not accepted"), but the arms give \(outcome.improvement) with p = \(outcome.pValue): \(outcome.accepted ? "accepted" : "not accepted") at p < \(alpha); tests are computed by the ledger")
        }
    }
}

extension RuleCheck {
    func check(_ e: CostRecorded) throws(GovernanceRejection) {
        _ = try model(e.model)
        if let onDemand = e.onDemandUSD, onDemand < e.amountUSD {
            throw fail(.evidenceInput, "the on-demand price $\(onDemand) is below the $\(e.amountUSD) paid; give the on-demand price of the same capacity, or leave it out")
        }
    }
}

extension RuleCheck {
    func check(_ e: ExplainabilityRecorded) throws(GovernanceRejection) {
        _ = try evidenceVersion(e.model, e.version)
        let judged: ([MetricName: ValidationRecorded.Result], Bool)
        do {
            judged = try ExplainabilityRecorded.judge(global: e.global, scores: e.scores, policy: policy)
        } catch {
            throw fail(.evidenceInput, error.message)
        }
        guard judged.0 == e.verdict, judged.1 == e.passed else {
            throw fail(.evidenceResult, "its verdict (\(e.passed ? "passed" : "failed")) is not the one the explainability suite gives (\(judged.1 ? "passed" : "failed")); verdicts are computed by the ledger")
        }
    }
}
