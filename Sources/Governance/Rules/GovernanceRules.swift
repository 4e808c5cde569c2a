public import LedgerCore

/// The governance rules: whether one event may be recorded on top of a registry state.
///
/// The same function serves both sides. Decisions call it on every entry they are about to
/// write (so a command that breaks a rule writes nothing), and the ``RuleChecker`` calls it on
/// every entry of a stored log (so a writer that bypassed the decisions is caught). Each
/// rejection names its ``GovernanceRule`` and says what would satisfy it.
///
/// ```swift
/// try GovernanceRules.check(event, context: context, in: state) // throws GovernanceRejection
/// state.apply(event, context: context)
/// ```
public enum GovernanceRules {
    /// Checks that `event`, with the header facts `context`, may follow `state`.
    ///
    /// Common checks come first, in this order: a policy is in force (except for an adoption),
    /// the entry is on its stream, names the policy digest in force, has the retention class
    /// its tier decides, and is what a pending follow-up of its model requires; then the rules
    /// of its type.
    ///
    /// - Throws: ``GovernanceRejection`` naming the first rule broken.
    /// - Parameter evaluation: the monitoring evaluation a decision built `event` from, if any;
    ///   the snapshot check reuses it when it was computed from the same input on the same
    ///   footing (``MonitoringEvaluator/Evaluation``), and computes afresh otherwise.
    public static func check(_ event: GovernanceEvent, context: EventContext, in state: RegistryState, evaluation: MonitoringEvaluator.Evaluation? = nil) throws(GovernanceRejection) {
        let subject = subject(of: event)
        func fail(_ rule: GovernanceRule, _ reason: String) -> GovernanceRejection { GovernanceRejection(rule, subject, reason) }

        if case .policyAdopted = event {
            guard context.stream == event.stream else {
                throw fail(.stream, "a policy.adopted entry belongs on stream \(event.stream), not \(context.stream)")
            }
            let expected = retention(for: event, in: state)
            guard context.retention == expected else {
                throw fail(.retention, "its retention class is \(context.retention), but a policy adoption is kept \(expected), the longest class the policy names")
            }
            if case .policyAdopted(let e) = event, let current = state.policy, current.digest == e.digest {
                throw fail(.policyAdopted, "this policy (digest \(e.digest.hex)) is already in force since \(current.time); a change of policy is a new adoption: edit a copy, change its version and adopt that")
            }
            return
        }
        guard let adopted = state.policy else {
            throw fail(.policyAdopted, "no policy has been adopted yet, so no decision can be taken; run govledger policy adopt compliance/policy.yaml first")
        }
        guard context.stream == event.stream else {
            throw fail(.stream, "a \(event.type) entry about \(event.model.map { "model \($0)" } ?? "this subject") belongs on stream \(event.stream), not \(context.stream)")
        }
        if let digest = event.policyDigest, digest != adopted.digest {
            throw fail(.policyDigest, "it names the policy digest \(digest.hex), but the policy in force is \(adopted.policy.name) \(adopted.policy.version) with digest \(adopted.digest.hex); decide again under the policy in force")
        }
        let expected = retention(for: event, in: state)
        guard context.retention == expected else {
            throw fail(.retention, "its retention class is \(context.retention), but the policy keeps this entry \(expected)\(event.model.flatMap { state.models[$0] }.map { " (Tier \($0.tier))" } ?? "")")
        }
        let rules = RuleCheck(state: state, context: context, adopted: adopted, subject: subject, evaluation: evaluation)
        if let slug = event.model, let pending = state.models[slug]?.pendingFollowUp {
            try rules.checkFollowUp(event, pending)
        }
        switch event {
        case .policyAdopted: return
        case .modelRegistered(let e): try rules.check(e)
        case .tierChanged(let e): try rules.check(e)
        case .versionRegistered(let e):
            try rules.check(e)
            try rules.checkFeatureSetReference(e)
        case .validationRecorded(let e): try rules.check(e)
        case .approvalRequested(let e): try rules.check(e)
        case .voteCast(let e): try rules.check(e)
        case .signoffRecorded(let e): try rules.check(e)
        case .approvalDecided(let e): try rules.check(e)
        case .versionTransitioned(let e): try rules.check(e)
        case .memberAppointed(let e): try rules.check(e)
        case .memberRemoved(let e): try rules.check(e)
        case .roleAssigned(let e): try rules.check(e)
        case .roleRevoked(let e): try rules.check(e)
        case .biasTestRecorded(let e): try rules.check(e)
        case .snapshotRecorded(let e): try rules.check(e)
        case .alertRaised(let e): try rules.check(e)
        case .alertResolved(let e): try rules.check(e)
        case .retrainingTriggered(let e): try rules.check(e)
        case .retrainingCompleted(let e): try rules.check(e)
        case .deploymentStarted(let e): try rules.check(e)
        case .deploymentAdvanced(let e): try rules.check(e)
        case .deploymentReported(let e): try rules.check(e)
        case .deploymentRolledBack(let e): try rules.check(e)
        case .abTestRecorded(let e): try rules.check(e)
        case .costRecorded(let e): try rules.check(e)
        case .explainabilityRecorded(let e): try rules.check(e)
        case .cardSectionSet(let e): try rules.check(e)
        case .cardReviewed(let e): try rules.check(e)
        case .findingRecorded(let e): try rules.check(e)
        case .findingRemediated(let e): try rules.check(e)
        case .tagSet(let e): try rules.check(e)
        case .tagDeleted(let e): try rules.check(e)
        case .aliasSet(let e): try rules.check(e)
        case .aliasDeleted(let e): try rules.check(e)
        case .descriptionSet(let e): try rules.check(e)
        case .renamed(let e): try rules.check(e)
        case .openLineageRecorded(let e): try rules.check(e)
        case .featureRegistered(let e): try rules.check(e)
        case .featureVersionReleased(let e): try rules.check(e)
        case .featureVersionDeprecated(let e): try rules.check(e)
        case .featureSetReleased(let e): try rules.check(e)
        }
    }

    /// The retention class an entry of `event` must have: the model's tier class for model
    /// entries (the longer of both tiers for a tier change), the policy's longest class for
    /// policy, board, role and feature store entries (features serve models of every tier).
    public static func retention(for event: GovernanceEvent, in state: RegistryState) -> RetentionClass {
        if case .policyAdopted(let e) = event { return e.policy.longestRetention }
        guard let policy = state.policy?.policy else { return .sevenYears }
        switch event {
        case .modelRegistered(let e):
            return policy.retention(for: e.tier)
        case .tierChanged(let e):
            let classes = [policy.retention(for: e.from), policy.retention(for: e.to)]
            return classes.max { $0.approximateDays < $1.approximateDays } ?? policy.retention(for: e.to)
        case .memberAppointed, .memberRemoved, .roleAssigned, .roleRevoked, .policyAdopted,
            .featureRegistered, .featureVersionReleased, .featureVersionDeprecated, .featureSetReleased:
            return policy.longestRetention
        default:
            return policy.retention(for: event.model.flatMap { state.models[$0]?.tier })
        }
    }

    /// What an event attempts, in words: "transition fraud-detection-engine 3.3.0 staging → approved".
    public static func subject(of event: GovernanceEvent) -> String {
        switch event {
        case .policyAdopted(let e): "adoption of policy \(e.policy.name) \(e.policy.version)"
        case .modelRegistered(let e): "registration of model \(e.model)"
        case .tierChanged(let e): "tier change of \(e.model) to Tier \(e.to)"
        case .versionRegistered(let e): "registration of \(e.model) \(e.version)"
        case .validationRecorded(let e): "validation \(e.suite) of \(e.model) \(e.version)"
        case .approvalRequested(let e): "approval request for \(e.model) \(e.version) → \(e.to)"
        case .voteCast(let e): "vote by \(e.ballot.member) on \(e.ballot.model) \(e.ballot.version) (request \(e.ballot.request))"
        case .signoffRecorded(let e): "\(e.role) sign-off on \(e.model) \(e.version) (request \(e.request))"
        case .approvalDecided(let e): "decision on \(e.model) \(e.version) (request \(e.request))"
        case .versionTransitioned(let e):
            switch e.cause {
            case .transition: "transition \(e.model) \(e.version) \(e.from) → \(e.to)"
            case .supersession: "supersession of \(e.model) \(e.version) \(e.from) → \(e.to)"
            case .rollback: "rollback of \(e.model) \(e.version) \(e.from) → \(e.to)"
            }
        case .memberAppointed(let e): "appointment of \(e.member) to board \(e.board)"
        case .memberRemoved(let e): "removal of \(e.member) from board \(e.board)"
        case .roleAssigned(let e): "assignment of role \(e.role) to \(e.principal)"
        case .roleRevoked(let e): "revocation of role \(e.role) from \(e.principal)"
        case .biasTestRecorded(let e): "bias test of \(e.model) \(e.version) on \(e.attribute)"
        case .snapshotRecorded(let e): "monitoring snapshot \(e.input.window) of \(e.model) \(e.version)"
        case .alertRaised(let e): "drift alert on \(e.metric) of \(e.model) \(e.version)"
        case .alertResolved(let e): "resolution of the drift alert on \(e.metric) of \(e.model) \(e.version)"
        case .retrainingTriggered(let e): "retraining trigger of \(e.model) \(e.version)"
        case .explainabilityRecorded(let e): "explainability of \(e.model) \(e.version)"
        case .costRecorded(let e): "\(e.category) cost of \(e.model) for \(e.period)"
        case .abTestRecorded(let e): "A/B test of \(e.model) \(e.version) on \(e.metric)"
        case .deploymentStarted(let e): "\(e.strategy) deployment of \(e.model) \(e.version) to \(e.environment)"
        case .deploymentAdvanced(let e): "advance of the deployment of \(e.model) \(e.version) to step \(e.step)"
        case .deploymentReported(let e): "report on the deployment of \(e.model) \(e.version)"
        case .deploymentRolledBack(let e): "rollback of the deployment of \(e.model) \(e.version)"
        case .cardSectionSet(let e): "model card section \(e.section.rawValue) of \(e.model)"
        case .cardReviewed(let e): "review of the model card of \(e.model)"
        case .findingRecorded(let e): "\(e.severity.rawValue) audit finding (\(e.area.rawValue)) on \(e.model)"
        case .findingRemediated(let e): "remediation of audit finding \(e.finding) on \(e.model)"
        case .retrainingCompleted(let e): "retraining run of \(e.model)\(e.version.map { " \($0)" } ?? "") (\(e.outcome))"
        case .tagSet(let e): "tag \(e.key) of \(e.model)\(e.version.map { " \($0)" } ?? "")"
        case .tagDeleted(let e): "deletion of tag \(e.key) of \(e.model)\(e.version.map { " \($0)" } ?? "")"
        case .aliasSet(let e): "alias \(e.alias) of \(e.model) → \(e.version)"
        case .aliasDeleted(let e): "deletion of alias \(e.alias) of \(e.model)"
        case .descriptionSet(let e): "description of \(e.model)\(e.version.map { " \($0)" } ?? "")"
        case .renamed(let e): "rename of \(e.model) to \"\(e.to.prefix(80))\""
        case .featureRegistered(let e): "registration of feature \(e.feature)"
        case .featureVersionReleased(let e): "release of feature \(e.feature) \(e.version)"
        case .featureVersionDeprecated(let e): "deprecation of feature \(e.feature) \(e.version)"
        case .featureSetReleased(let e): "release of feature set \(e.featureSet) \(e.version)"
        case .openLineageRecorded(let e): "OpenLineage \(e.kind) event\(e.runEventType.map { " \($0)" } ?? "")\(e.model.map { " of \($0)\(e.version.map { " \($0)" } ?? "")" } ?? " in \(e.namespace.prefix(80))")"
        }
    }
}

/// The rules of one event type, with the state and policy at hand.
struct RuleCheck {
    let state: RegistryState
    let context: EventContext
    let adopted: AdoptedPolicy
    let subject: String
    /// A monitoring evaluation the snapshot check may reuse (see ``MonitoringEvaluator/Evaluation``).
    var evaluation: MonitoringEvaluator.Evaluation? = nil

    var policy: Policy { adopted.policy }

    func fail(_ rule: GovernanceRule, _ reason: String) -> GovernanceRejection {
        GovernanceRejection(rule, subject, reason)
    }

    func model(_ slug: ModelSlug) throws(GovernanceRejection) -> ModelRecord {
        guard let model = state.models[slug] else {
            throw fail(.modelUnknown, "model \(slug) is not registered; register it first with govledger model register --name … --owner … --framework … --tier … --purpose …")
        }
        return model
    }

    func version(_ version: SemanticVersion, of model: ModelRecord) throws(GovernanceRejection) -> VersionRecord {
        guard let record = model.version(version) else {
            let known = model.versions.map(\.version.description)
            throw fail(.versionUnknown, "version \(version) of \(model.slug) is not registered (\(known.isEmpty ? "it has no versions yet" : "its versions are " + known.joined(separator: ", "))); register it with govledger version register \(model.slug) --version \(version)")
        }
        return record
    }

    func tierPolicy(of model: ModelRecord) throws(GovernanceRejection) -> TierPolicy {
        guard let tier = policy.tier(model.tier) else {
            throw fail(.tierDefined, "\(model.slug) is Tier \(model.tier), which policy \(policy.name) \(policy.version) does not define; change its tier with govledger model tier \(model.slug) --tier N --reason …")
        }
        return tier
    }

    /// The entry must be what the model's pending follow-up requires.
    func checkFollowUp(_ event: GovernanceEvent, _ pending: ModelRecord.PendingFollowUp) throws(GovernanceRejection) {
        let origin = pending.seq.map { " (seq \($0))" } ?? ""
        let fulfils: Bool
        switch (pending.followUp, event) {
        case (.decision(let request), .approvalDecided(let e)): fulfils = e.request == request
        case (.supersession(let old, let new), .versionTransitioned(let e)):
            fulfils = e.cause == .supersession && e.version == old && e.counterpart == new
        case (.restore(let previous, let after), .versionTransitioned(let e)):
            fulfils = e.cause == .rollback && e.version == previous && e.counterpart == after
        case (.alertRaised(let metric), .alertRaised(let e)): fulfils = e.metric == metric
        case (.alertResolved(let metric), .alertResolved(let e)): fulfils = e.metric == metric
        case (.retrainingTriggered, .retrainingTriggered): fulfils = true
        case (.deploymentRollback(let seq), .deploymentRolledBack(let e)): fulfils = e.deployment == seq
        case (.stageRollback(let version), .versionTransitioned(let e)): fulfils = e.cause == .rollback && e.version == version
        default: fulfils = false
        }
        guard fulfils else {
            throw fail(.followUp, "the previous entry of the stream\(origin) requires \(pending.followUp) to be recorded next, in the same batch; nothing else may come between")
        }
    }
}
