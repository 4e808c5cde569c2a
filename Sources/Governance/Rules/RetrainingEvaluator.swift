public import LedgerCore

/// Evaluates a retraining run against the registry: metric deltas against production and the
/// policy's auto-approval rule (`retraining.auto_approve`: improvement above 1.0%, every
/// required suite passed, no drift).
public enum RetrainingEvaluator {
    /// The auto-approval rule as evaluated for one run.
    public struct AutoApproval: Hashable, Sendable {
        /// The accuracy delta against production (0 without a production version or a candidate).
        public let improvement: Double
        /// The policy's `improvement_above`.
        public let improvementAbove: Double
        /// Whether every suite the candidate needs was recorded and passed.
        public let allSuitesPassed: Bool
        /// Whether the model had no open drift alert.
        public let noDrift: Bool
        /// Whether every condition the policy requires holds.
        public let eligible: Bool
        /// `auto_approved` (promoted and eligible), `needs_approval` (promoted, not eligible:
        /// the tier's approvals apply) or `not_promoted`.
        public let decision: String

        public var json: JSONObject {
            [
                "improvement": .number(improvement), "improvementAbove": .number(improvementAbove),
                "allSuitesPassed": .bool(allSuitesPassed), "noDrift": .bool(noDrift), "eligible": .bool(eligible),
                "decision": .string(decision),
            ]
        }

        public init(improvement: Double, improvementAbove: Double, allSuitesPassed: Bool, noDrift: Bool, eligible: Bool, decision: String) {
            self.improvement = improvement
            self.improvementAbove = improvementAbove
            self.allSuitesPassed = allSuitesPassed
            self.noDrift = noDrift
            self.eligible = eligible
            self.decision = decision
        }

        init?(json value: JSONValue) {
            guard let object = value.objectValue, object.count == 6, let improvement = object["improvement"]?.numberValue,
                let above = object["improvementAbove"]?.numberValue, let suites = object["allSuitesPassed"]?.boolValue,
                let noDrift = object["noDrift"]?.boolValue, let eligible = object["eligible"]?.boolValue,
                let decision = object["decision"]?.stringValue, ["auto_approved", "needs_approval", "not_promoted"].contains(decision)
            else { return nil }
            self.init(improvement: improvement, improvementAbove: above, allSuitesPassed: suites, noDrift: noDrift, eligible: eligible, decision: decision)
        }
    }

    /// The production version, the deltas and the auto-approval evaluation of a run.
    public static func evaluate(
        model: ModelRecord, candidate: SemanticVersion?, outcome: RetrainingCompleted.Outcome, policy: Policy
    ) -> (production: SemanticVersion?, deltas: [MetricName: Double], autoApproval: AutoApproval) {
        let production = model.productionVersion
        let record = candidate.flatMap { model.version($0) }
        var deltas: [MetricName: Double] = [:]
        if let production, let record, production.version != record.version {
            for (name, value) in record.lineage.metrics {
                if let base = production.lineage.metrics[name] { deltas[name] = value - base }
            }
        }
        let improvement = deltas[MetricName(rawValue: "accuracy")!] ?? 0
        var suitesPassed = false
        if let record, let required = policy.requiredSuites(tier: model.tier, bump: record.bump) {
            suitesPassed = required.allSatisfy { record.validations[$0]?.passed == true }
        }
        let noDrift = model.openAlerts.isEmpty
        let rule = policy.retraining.autoApprove
        let eligible = improvement > rule.improvementAbove && (!rule.requiresAllSuitesPassed || suitesPassed) && (!rule.requiresNoDrift || noDrift)
        let decision = outcome != .promoted ? "not_promoted" : eligible ? "auto_approved" : "needs_approval"
        return (production?.version, deltas, AutoApproval(
            improvement: improvement, improvementAbove: rule.improvementAbove, allSuitesPassed: suitesPassed, noDrift: noDrift,
            eligible: eligible, decision: decision))
    }
}

extension RuleCheck {
    func check(_ e: RetrainingCompleted) throws(GovernanceRejection) {
        let model = try model(e.model)
        switch e.outcome {
        case .promoted, .kept:
            guard let version = e.version else {
                throw fail(.evidenceInput, "a \(e.outcome) run names the retrained version; register it first (govledger version register)")
            }
            _ = try evidenceVersion(e.model, version)
        case .failed:
            guard e.reason != nil else { throw fail(.evidenceInput, "a failed run states the reason of the failure") }
            if let version = e.version { _ = try evidenceVersion(e.model, version) }
        }
        let computed = RetrainingEvaluator.evaluate(model: model, candidate: e.version, outcome: e.outcome, policy: policy)
        guard computed.production == e.production, computed.deltas == e.deltas else {
            throw fail(.evidenceResult, "it records deltas against \(e.production?.description ?? "no production version"), but the lineage metrics give \(computed.deltas.keys.sorted().map { "\($0) \(computed.deltas[$0]!)" }.joined(separator: ", ")) against \(computed.production?.description ?? "no production version"); deltas are computed by the ledger")
        }
        guard computed.autoApproval == e.autoApproval else {
            throw fail(.evidenceResult, "it records the auto-approval decision \(e.autoApproval.decision), but the policy's rule gives \(computed.autoApproval.decision) (improvement \(computed.autoApproval.improvement), suites passed \(computed.autoApproval.allSuitesPassed), no drift \(computed.autoApproval.noDrift))")
        }
    }
}
