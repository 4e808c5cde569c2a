public import LedgerCore

/// Evaluates the guards of a lifecycle transition against a registry state.
///
/// | guard | holds when |
/// | --- | --- |
/// | `validation` | every suite of ``Policy/requiredSuites(tier:bump:)`` for the model's tier and the version's bump has a latest record that passed |
/// | `no_regression` | no metric of `promotion.no_regression.metrics` in the version's lineage is lower than the production version's by more than `max_degradation` (holds when nothing is in production) |
/// | `approvals` | the version's latest active request for the target stage was approved by the tier's board at quorum (if the tier has a board) and carries a sign-off of every role the tier requires; or else the latest retraining run of the version was promoted with the decision `auto_approved` |
/// | `archive_window` | the version is not one of the `deprecation.keep_production_versions` latest production versions, and has been deprecated for `archive_after_deprecated` or has `archive_after_superseding_versions` newer versions |
///
/// ```swift
/// let result = LifecycleGuards.evaluate([.validation, .approvals], version: record, of: model, to: .approved,
///                                       in: state, at: now)
/// if let failure = result.failure { print(failure.rule, failure.reason) }
/// ```
public enum LifecycleGuards {
    /// A guard that does not hold.
    public struct Failure: Hashable, Sendable {
        /// The guard's rule (`validation`, `no_regression`, `approvals` or `archive_window`).
        public let rule: GovernanceRule
        /// Why it does not hold and what would satisfy it.
        public let reason: String
    }

    /// The outcome of evaluating guards in order.
    public struct Evaluation: Hashable, Sendable {
        /// The first guard that does not hold, if any.
        public internal(set) var failure: Failure?
        /// The approval request the `approvals` guard used, when it was evaluated and held.
        public internal(set) var request: Int?
        /// The retraining run whose auto-approval held the `approvals` guard instead of a request.
        public internal(set) var autoApproval: Int?
    }

    /// Evaluates `guards` in order for moving `version` of `model` to `target`, stopping at the
    /// first that does not hold.
    ///
    /// - Parameters:
    ///   - time: the time of the transition (the `archive_window` guard measures up to it).
    /// - Precondition: `state.policy` is set.
    public static func evaluate(
        _ guards: [LifecycleTransition.Guard], version: VersionRecord, of model: ModelRecord, to target: LifecycleStage,
        in state: RegistryState, at time: Timestamp
    ) -> Evaluation {
        guard let policy = state.policy?.policy else { preconditionFailure("guards need a policy in force") }
        var evaluation = Evaluation()
        for check in guards {
            let reason: String?
            switch check {
            case .validation: reason = validationGap(version: version, of: model, policy: policy)
            case .noRegression: reason = regression(version: version, of: model, policy: policy)
            case .archiveWindow: reason = archiveWindowGap(version: version, of: model, policy: policy, time: time)
            case .approvals:
                switch approval(version: version, of: model, to: target, policy: policy) {
                case .success(let request):
                    evaluation.request = request
                    reason = nil
                case .failure(let failure):
                    if let run = autoApprovedRun(version: version, of: model) {
                        evaluation.autoApproval = run
                        reason = nil
                    } else {
                        reason = failure.message
                    }
                }
            }
            if let reason, let rule = GovernanceRule(rawValue: check.rawValue) {
                evaluation.failure = Failure(rule: rule, reason: reason)
                return evaluation
            }
        }
        return evaluation
    }

    /// Why the `validation` guard fails, or `nil` when it holds.
    static func validationGap(version: VersionRecord, of model: ModelRecord, policy: Policy) -> String? {
        guard let required = policy.requiredSuites(tier: model.tier, bump: version.bump) else {
            return "\(model.slug) is Tier \(model.tier), which the policy does not define"
        }
        let missing = required.filter { version.validations[$0] == nil }
        let failed = required.compactMap { suite -> String? in
            guard let record = version.validations[suite], !record.passed else { return nil }
            let metrics = record.metrics.keys.sorted().filter { record.metrics[$0]?.passed == false }.map { name -> String in
                let threshold = policy.suites[suite]?.metrics[name].map { " fails \(ValidationEvaluator.describe($0))" } ?? " failed"
                return "\(name) = \(record.metrics[name]!.value)\(threshold)"
            }
            return "\(suite) (\(metrics.joined(separator: ", ")))"
        }
        guard !missing.isEmpty || !failed.isEmpty else { return nil }
        var parts: [String] = []
        if !missing.isEmpty { parts.append("missing \(missing.map(\.rawValue).joined(separator: ", "))") }
        if !failed.isEmpty { parts.append("failed \(failed.joined(separator: "; "))") }
        return "Tier \(model.tier) \(version.bump) versions need the suites \(required.map(\.rawValue).joined(separator: ", ")) recorded and passed; \(parts.joined(separator: "; ")); record them with govledger validation record \(model.slug) \(version.version) --suite SUITE --metrics JSON"
    }

    /// Why the `no_regression` guard fails, or `nil` when it holds.
    static func regression(version: VersionRecord, of model: ModelRecord, policy: Policy) -> String? {
        guard let production = model.productionVersion, production.version != version.version else { return nil }
        let rule = policy.promotion.noRegression
        var problems: [String] = []
        for metric in rule.metrics {
            guard let baseline = production.lineage.metrics[metric] else { continue }
            guard let candidate = version.lineage.metrics[metric] else {
                problems.append("it records no \(metric) but production \(production.version) does (\(baseline.policyText)); register the version's evaluation metrics")
                continue
            }
            let drop = baseline - candidate
            if drop > rule.maxDegradation + 1e-12 {
                problems.append("\(metric) \(candidate.policyText) is \(points(drop)) below production \(production.version)'s \(baseline.policyText)")
            }
        }
        guard !problems.isEmpty else { return nil }
        return problems.joined(separator: "; ") + ", more than the limit of \(points(rule.maxDegradation)) (promotion.no_regression); only a version within the limit may be promoted"
    }

    /// The request the `approvals` guard uses, or why it fails.
    static func approval(version: VersionRecord, of model: ModelRecord, to target: LifecycleStage, policy: Policy) -> Result<Int, ValidationEvaluator.Problem> {
        func fail(_ message: String) -> Result<Int, ValidationEvaluator.Problem> { .failure(.init(message: message)) }
        guard let tier = policy.tier(model.tier) else { return fail("\(model.slug) is Tier \(model.tier), which the policy does not define") }
        let requests = model.requests.filter { $0.version == version.version && $0.to == target }
        guard let request = requests.last(where: \.isActive) else {
            if let last = requests.last, last.status == .rejected, let decision = last.decision {
                return fail("the board \(last.board?.rawValue ?? "") rejected request \(last.seq) (\(decision.tally)); open a new request with govledger approval request \(model.slug) \(version.version) --to \(target)")
            }
            return fail("no approval request is open for \(model.slug) \(version.version) → \(target); open one with govledger approval request \(model.slug) \(version.version) --to \(target)")
        }
        if let board = tier.approval.board {
            guard request.board == board.name else {
                return fail("request \(request.seq) was opened \(request.board.map { "for board \($0)" } ?? "without a board vote"), but \(model.slug) is now Tier \(model.tier), whose approvals need board \(board.name); open a new request")
            }
            guard request.decision?.outcome == .approved else {
                let approvals = request.tally.approve
                let quorum = request.quorum ?? board.quorum
                return fail("the Tier \(model.tier) board \(board.name) has \(approvals) approving vote\(approvals == 1 ? "" : "s") of the quorum \(quorum) on request \(request.seq); \(quorum - approvals) more member\(quorum - approvals == 1 ? "" : "s") must approve (govledger vote \(model.slug) \(version.version) --decision approve --rationale … --key FILE)")
            }
        } else if request.board != nil {
            return fail("request \(request.seq) was opened for a board vote, but Tier \(model.tier) approvals are sign-offs only; open a new request")
        }
        let missing = tier.approval.signoffs.filter { request.signoff(for: $0) == nil }
        guard missing.isEmpty else {
            return fail("request \(request.seq) lacks the sign-off\(missing.count == 1 ? "" : "s") of \(missing.map(\.rawValue).joined(separator: ", ")) that Tier \(model.tier) requires (govledger signoff \(model.slug) \(version.version) --role \(missing[0]), by a holder of the role)")
        }
        return .success(request.seq)
    }

    /// The `seq` of the retraining run that auto-approved `version`: the latest run naming the
    /// version, when it was promoted and the policy's rule (`retraining.auto_approve`) found it
    /// eligible. Seed, retraining pipeline phase 6 (its example is a Tier 1 model): "Auto-approve
    /// if: improvement > 1.0% AND all tests pass AND no drift"; any other run leaves the version
    /// to the tier's approvals. The other guards (validation, no regression) still apply.
    static func autoApprovedRun(version: VersionRecord, of model: ModelRecord) -> Int? {
        guard let run = model.retrainingRuns.last(where: { $0.run.version == version.version }),
            run.run.outcome == .promoted, run.run.autoApproval.decision == "auto_approved", run.run.autoApproval.eligible
        else { return nil }
        return run.seq
    }

    /// Why the `archive_window` guard fails, or `nil` when it holds.
    static func archiveWindowGap(version: VersionRecord, of model: ModelRecord, policy: Policy, time: Timestamp) -> String? {
        let rules = policy.deprecation
        let kept = model.productionStack.suffix(rules.keepProductionVersions)
        if kept.contains(version.version) {
            return "\(version.version) is one of the \(rules.keepProductionVersions) latest production versions kept for rollback (\(kept.map(\.description).joined(separator: ", "))); it may be archived once newer versions have been in production"
        }
        let elapsed = Double(time.millisecondsSinceEpoch - version.stageSince.millisecondsSinceEpoch) / 1000
        let newer = model.versions.filter { $0.version > version.version }.count
        if elapsed >= rules.archiveAfterDeprecated.approximateSeconds || newer >= rules.archiveAfterSupersedingVersions { return nil }
        let days = Int(elapsed / 86_400)
        return "\(version.version) has been \(version.stage) since \(version.stageSince) (\(days) day\(days == 1 ? "" : "s")) and \(newer) newer version\(newer == 1 ? " supersedes" : "s supersede") it; archiving needs \(rules.archiveAfterDeprecated) deprecated or \(rules.archiveAfterSupersedingVersions) superseding versions (deprecation)"
    }

    /// A rate difference in percentage points: 0.016 → "1.6 points".
    static func points(_ value: Double) -> String {
        let rounded = (value * 10_000).rounded() / 100
        return "\(rounded.policyText) point\(rounded == 1 ? "" : "s")"
    }
}
