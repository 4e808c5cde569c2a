public import LedgerCore

/// Decides commands: a pure function of (registry state, command, actor, time) that returns
/// the entries to append, or a rejection that names the rule and what would satisfy it.
///
/// The policy is the one in force in the state (`state.policy`), except for an adoption, which
/// brings its own. Every entry the decision produces is checked by ``GovernanceRules`` against
/// the state as the previous entries of the same batch leave it, so a decision can never
/// produce what the rule checker would reject. Entries that must accompany others are added
/// in the same batch: the `approval.decided` of a deciding vote, the supersession of the
/// production version by a promotion, the return of the previous version in a rollback.
///
/// ```swift
/// let drafts = try GovernanceDecider.decide(.transition(model: slug, version: v, to: .approved, deployment: nil, reason: nil),
///                                           by: actor, in: state, at: clock.now())
/// ```
public enum GovernanceDecider {
    /// The entries that carry out `command`, in order, for one atomic append.
    ///
    /// The drafts have no `expectedVersion`; the caller sets it from the stream versions it read.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` (exit code 2) whose message is
    ///   "`subject` refused by rule `rule`: `reason`" (``GovernanceRejection``), or describes a
    ///   malformed command.
    public static func decide(_ command: GovernanceCommand, by actor: Principal, in state: RegistryState, at time: Timestamp) throws(LedgerError) -> [EntryDraft] {
        do {
            return try decideOrReject(command, by: actor, in: state, at: time)
        } catch {
            throw error.ledgerError
        }
    }

    /// ``decide(_:by:in:at:)`` with the typed rejection.
    public static func decideOrReject(_ command: GovernanceCommand, by actor: Principal, in state: RegistryState, at time: Timestamp) throws(GovernanceRejection) -> [EntryDraft] {
        try decisionOrRejection(command, by: actor, in: state, at: time).map(\.draft)
    }

    /// ``decide(_:by:in:at:)``, with the event each draft was made from.
    public static func decision(_ command: GovernanceCommand, by actor: Principal, in state: RegistryState, at time: Timestamp) throws(LedgerError) -> [(draft: EntryDraft, event: GovernanceEvent)] {
        do {
            return try decisionOrRejection(command, by: actor, in: state, at: time)
        } catch {
            throw error.ledgerError
        }
    }

    static func decisionOrRejection(_ command: GovernanceCommand, by actor: Principal, in state: RegistryState, at time: Timestamp) throws(GovernanceRejection) -> [(draft: EntryDraft, event: GovernanceEvent)] {
        var scratch = state
        var drafts: [EntryDraft] = []
        var events: [GovernanceEvent] = []
        try decide(command, by: actor, scratch: &scratch, at: time, into: &drafts, events: &events)
        // An entry the catalog would not read back (an empty period, a blank note) would break
        // every later replay of the log: refuse the command instead of writing it.
        for draft in drafts where GovernanceEvent.catalog.contains(draft.type) {
            do {
                _ = try GovernanceEvent.decode(type: draft.type, payload: draft.payload)
            } catch {
                throw GovernanceRejection(.catalog, "\(draft.type.rawValue) of \(draft.stream.rawValue)", error.message)
            }
        }
        return Array(zip(drafts, events))
    }

    /// Decides one command on `scratch`, appending its drafts and applying its events; commands
    /// that stand for several (a sequence, a move along the lifecycle, a staged alias) expand here.
    private static func decide(_ command: GovernanceCommand, by actor: Principal, scratch: inout RegistryState, at time: Timestamp, into drafts: inout [EntryDraft], events made: inout [GovernanceEvent]) throws(GovernanceRejection) {
        switch command {
        case .sequence(let commands):
            for inner in commands { try decide(inner, by: actor, scratch: &scratch, at: time, into: &drafts, events: &made) }
            return
        case .moveVersion(let slug, let version, let target, let reason):
            for step in try path(of: slug, version, to: target, in: scratch) {
                try decide(.transition(model: slug, version: version, to: step, deployment: nil, reason: reason), by: actor, scratch: &scratch, at: time, into: &drafts, events: &made)
            }
            return
        case .setAlias(let slug, let alias, let version):
            if let stage = scratch.policy?.policy.mlflow.aliases[alias], let record = scratch.models[slug]?.version(version), record.stage != stage {
                try decide(.moveVersion(model: slug, version: version, to: stage, reason: "alias \(alias)"), by: actor, scratch: &scratch, at: time, into: &drafts, events: &made)
            }
        default:
            break
        }
        let state = scratch
        var queue: [GovernanceEvent]
        var evaluation: MonitoringEvaluator.Evaluation?
        if case .recordSnapshot(let slug, let version, let input) = command {
            let (event, evaluated) = try snapshot(of: slug, version, input, in: state)
            queue = [event]
            evaluation = evaluated
        } else {
            queue = try events(for: command, in: state, at: time)
        }
        var index = 0
        while index < queue.count {
            let event = queue[index]
            let retention = GovernanceRules.retention(for: event, in: scratch)
            let context = EventContext(seq: nil, time: time, actor: actor, stream: event.stream, retention: retention)
            // The snapshot's rule check reuses the evaluation the snapshot was just built from;
            // the check of a stored log (RuleChecker) computes it again from the recorded input.
            try GovernanceRules.check(event, context: context, in: scratch, evaluation: index == 0 ? evaluation : nil)
            scratch.apply(event, context: context)
            drafts.append(EntryDraft(stream: event.stream, type: event.type, actor: actor, retention: retention, payload: event.payload))
            made.append(event)
            if index == queue.count - 1, let slug = event.model, let pending = scratch.models[slug]?.pendingFollowUp {
                queue.append(followUp(pending.followUp, of: slug, in: scratch, original: state))
            }
            index += 1
        }
    }

    /// The stages a version passes through to reach `target` by the lifecycle's transitions,
    /// shortest first (empty when it is there). Production is never an intermediate stage: a
    /// move to `archived` does not promote a version on its way.
    ///
    /// - Throws: a rejection by rule `lifecycle` when no chain of transitions reaches `target`.
    static func path(of slug: ModelSlug, _ version: SemanticVersion, to target: LifecycleStage, in state: RegistryState) throws(GovernanceRejection) -> [LifecycleStage] {
        let subject = "move of \(slug) \(version) to \(target)"
        guard let policy = state.policy?.policy else {
            throw GovernanceRejection(.policyAdopted, subject, "no policy has been adopted yet; run govledger policy adopt compliance/policy.yaml first")
        }
        guard let model = state.models[slug] else { throw GovernanceRejection(.modelUnknown, subject, "model \(slug) is not registered") }
        guard let record = model.version(version) else {
            throw GovernanceRejection(.versionUnknown, subject, "version \(version) of \(slug) is not registered; registered: \(model.versions.map(\.version.description).joined(separator: ", "))")
        }
        if record.stage == target { return [] }
        var previous: [LifecycleStage: LifecycleStage] = [:]
        var frontier = [record.stage]
        var seen: Set<LifecycleStage> = [record.stage]
        while !frontier.isEmpty, previous[target] == nil {
            var next: [LifecycleStage] = []
            for stage in frontier {
                for transition in policy.lifecycle.transitions where transition.from == stage && !seen.contains(transition.to) {
                    // Production is a destination, never a stop on the way elsewhere.
                    if transition.to == .production, target != .production { continue }
                    seen.insert(transition.to)
                    previous[transition.to] = stage
                    next.append(transition.to)
                }
            }
            frontier = next
        }
        guard previous[target] != nil else {
            throw GovernanceRejection(.lifecycle, subject, "the lifecycle has no chain of transitions from \(record.stage) to \(target) (lifecycle.transitions of policy \(policy.name) \(policy.version))")
        }
        var steps: [LifecycleStage] = []
        var stage = target
        while stage != record.stage {
            steps.insert(stage, at: 0)
            stage = previous[stage]!
        }
        return steps
    }

    /// The entry that fulfils a follow-up.
    private static func followUp(_ followUp: ModelRecord.FollowUp, of slug: ModelSlug, in state: RegistryState, original: RegistryState) -> GovernanceEvent {
        let digest = state.policy?.digest ?? .zero
        switch followUp {
        case .decision(let seq):
            let request = state.models[slug]?.request(seq)
            let board = request?.board ?? BoardName(rawValue: "unknown")!
            let members = state.members(of: board)
            return .approvalDecided(ApprovalDecided(
                model: slug, version: request?.version ?? SemanticVersion(major: 0, minor: 0, patch: 0)!, request: seq,
                board: board, outcome: request?.forcedOutcome(boardMembers: members) ?? .rejected,
                tally: request?.tally ?? VoteTally(), quorum: request?.quorum ?? 1, members: members.count, policyDigest: digest))
        case .supersession(let old, let new):
            return .versionTransitioned(VersionTransitioned(
                model: slug, version: old, from: .production, to: .deprecated, cause: .supersession, counterpart: new,
                reason: "superseded by \(new)", policyDigest: digest))
        case .alertRaised(let metric):
            let snapshot = state.models[slug]?.lastSnapshot
            let measured = snapshot?.metrics[metric]
            return .alertRaised(DriftAlertRaised(
                model: slug, version: snapshot?.version ?? SemanticVersion(major: 0, minor: 0, patch: 0)!, metric: metric,
                value: measured?.value ?? 0, threshold: measured?.threshold ?? 0, severity: measured?.severity ?? "high",
                window: snapshot?.window ?? "?", policyDigest: digest))
        case .alertResolved(let metric):
            let model = state.models[slug]
            let snapshot = model?.lastSnapshot
            let measured = snapshot?.metrics[metric]
            return .alertResolved(DriftAlertResolved(
                model: slug, version: snapshot?.version ?? SemanticVersion(major: 0, minor: 0, patch: 0)!, metric: metric,
                value: measured?.value ?? 0, threshold: measured?.threshold ?? 0,
                raised: model?.openAlerts.last { $0.metric == metric }?.seq ?? -1, window: snapshot?.window ?? "?", policyDigest: digest))
        case .retrainingTriggered:
            let snapshot = state.models[slug]?.lastSnapshot
            return .retrainingTriggered(RetrainingTriggered(
                model: slug, version: snapshot?.version ?? SemanticVersion(major: 0, minor: 0, patch: 0)!,
                triggers: snapshot?.triggers ?? [], window: snapshot?.window ?? "?", policyDigest: digest))
        case .deploymentRollback(let seq):
            let deployment = state.models[slug]?.deployments.last { $0.seq == seq }
            let report = deployment?.reports.last
            var reasons: [String] = []
            if let report, report.errorRate > report.errorRateAbove { reasons.append("error rate \(report.errorRate) > \(report.errorRateAbove)") }
            if let report, report.accuracyDrop > report.accuracyDropAbove { reasons.append("accuracy drop \(report.accuracyDrop) > \(report.accuracyDropAbove)") }
            return .deploymentRolledBack(DeploymentRolledBack(
                model: slug, version: deployment?.version ?? SemanticVersion(major: 0, minor: 0, patch: 0)!, deployment: seq,
                reason: "rollback criteria met: " + (reasons.isEmpty ? "reported beyond the criteria" : reasons.joined(separator: " and ")), policyDigest: digest))
        case .stageRollback(let version):
            let rollback = state.policy?.policy.lifecycle.rollback
            return .versionTransitioned(VersionTransitioned(
                model: slug, version: version, from: rollback?.from ?? .production, to: rollback?.to ?? .deprecated, cause: .rollback,
                counterpart: state.models[slug]?.previousProductionVersion?.version, reason: "deployment rolled back", policyDigest: digest))
        case .restore(let previous, let after):
            let rollback = state.policy?.policy.lifecycle.rollback
            return .versionTransitioned(VersionTransitioned(
                model: slug, version: previous, from: rollback?.to ?? .deprecated, to: rollback?.from ?? .production,
                cause: .rollback, counterpart: after, deployment: original.models[slug]?.version(after)?.deployment,
                reason: "restored by the rollback of \(after)", policyDigest: digest))
        }
    }

    /// The snapshot entry of `input` and the evaluation it was built from. The performance
    /// baseline the document leaves out is taken from the version's lineage.
    static func snapshot(of slug: ModelSlug, _ version: SemanticVersion, _ document: MonitoringInput, in state: RegistryState) throws(GovernanceRejection) -> (event: GovernanceEvent, evaluation: MonitoringEvaluator.Evaluation) {
        var input = document
        let subject = "monitoring snapshot \(input.window) of \(slug) \(version)"
        guard let adopted = state.policy else {
            throw GovernanceRejection(.policyAdopted, "the command", "no policy has been adopted yet, so no decision can be taken; run govledger policy adopt compliance/policy.yaml first")
        }
        guard let model = state.models[slug] else {
            throw GovernanceRejection(.modelUnknown, subject, "model \(slug) is not registered")
        }
        if var performance = input.performance, let lineage = model.version(version)?.lineage {
            for name in ["accuracy", "precision", "recall"] where performance.baseline[name] == nil {
                if let value = lineage.metrics[MetricName(rawValue: name)!] { performance.baseline[name] = value }
            }
            input.performance = performance
        }
        let evaluation: MonitoringEvaluator.Evaluation
        do {
            evaluation = try MonitoringEvaluator.evaluate(
                input, tier: model.tier, policy: adopted.policy, policyDigest: adopted.digest, openAlerts: Set(model.openAlerts.map(\.metric)))
        } catch {
            throw GovernanceRejection(.evidenceInput, subject, error.message)
        }
        let outcome = evaluation.outcome
        let event = GovernanceEvent.snapshotRecorded(MonitoringSnapshotRecorded(
            model: slug, version: version, input: evaluation.input, results: outcome.results, raised: outcome.raised, resolved: outcome.resolved,
            triggers: outcome.triggers, tier: model.tier, policyDigest: adopted.digest))
        return (event, evaluation)
    }

    /// The events a command asks for, before follow-ups.
    static func events(for command: GovernanceCommand, in state: RegistryState, at time: Timestamp) throws(GovernanceRejection) -> [GovernanceEvent] {
        if case .adoptPolicy(let policy) = command { return [.policyAdopted(PolicyAdopted(policy: policy))] }
        guard let adopted = state.policy else {
            throw GovernanceRejection(.policyAdopted, "the command", "no policy has been adopted yet, so no decision can be taken; run govledger policy adopt compliance/policy.yaml first")
        }
        let digest = adopted.digest
        let policy = adopted.policy
        switch command {
        case .adoptPolicy:
            return []
        case .registerModel(let name, let owner, let framework, let tier, let purpose):
            guard let slug = ModelSlug(displayName: name) else {
                throw GovernanceRejection(.catalog, "registration of model \"\(name.prefix(80))\"", "the name gives no slug: use letters and digits (the slug is the lowercased words joined by '-', at most \(ModelSlug.maxBytes) bytes)")
            }
            return [.modelRegistered(ModelRegistered(model: slug, name: name, owner: owner, framework: framework, tier: tier, purpose: purpose, policyDigest: digest))]
        case .changeTier(let slug, let tier, let reason):
            let from = state.models[slug]?.tier ?? tier
            return [.tierChanged(ModelTierChanged(model: slug, from: from, to: tier, reason: reason, policyDigest: digest))]
        case .registerVersion(let slug, let version, let lineage):
            let baseline = state.models[slug].flatMap(RuleCheck.baseline(of:))
            let bump = baseline.map { version.bump(from: $0) } ?? .major
            return [.versionRegistered(VersionRegistered(model: slug, version: version, baseline: baseline, bump: bump, lineage: lineage, policyDigest: digest))]
        case .recordValidation(let slug, let version, let suite, let measurements, let note):
            var results = measurements.mapValues { ValidationRecorded.Result(value: $0, passed: false) }
            var passed = false
            if let definition = policy.suites[suite], let outcome = try? ValidationEvaluator.evaluate(suite: definition, measurements: measurements) {
                results = outcome.metrics
                passed = outcome.passed
            }
            return [.validationRecorded(ValidationRecorded(model: slug, version: version, suite: suite, metrics: results, passed: passed, note: note, policyDigest: digest))]
        case .transition(let slug, let version, let target, let deployment, let reason):
            let model = state.models[slug]
            let record = model?.version(version)
            var request: Int?
            var autoApproval: Int?
            var counterpart: SemanticVersion?
            if let model, let record {
                if let transition = policy.lifecycle.transition(from: record.stage, to: target), transition.guards.contains(.approvals) {
                    let evaluation = LifecycleGuards.evaluate([.approvals], version: record, of: model, to: target, in: state, at: time)
                    request = evaluation.request
                    autoApproval = evaluation.autoApproval
                }
                if target == .production { counterpart = model.productionVersion?.version }
            }
            return [.versionTransitioned(VersionTransitioned(
                model: slug, version: version, from: record?.stage ?? policy.lifecycle.initial, to: target, cause: .transition,
                counterpart: counterpart, request: request, autoApproval: autoApproval, deployment: deployment, reason: reason, policyDigest: digest))]
        case .rollback(let slug, let reason):
            guard let model = state.models[slug], let current = model.productionVersion else {
                throw GovernanceRejection(.rollback, "rollback of \(slug)", state.models[slug] == nil
                    ? "model \(slug) is not registered"
                    : "no version of \(slug) is in production, so there is nothing to roll back")
            }
            let rollback = policy.lifecycle.rollback
            return [.versionTransitioned(VersionTransitioned(
                model: slug, version: current.version, from: rollback.from, to: rollback.to, cause: .rollback,
                counterpart: model.previousProductionVersion?.version, reason: reason, policyDigest: digest))]
        case .appointMember(let board, let member, let key, let seat):
            return [.memberAppointed(MemberAppointed(board: board, member: member, publicKey: key, seat: seat, policyDigest: digest))]
        case .removeMember(let board, let member, let reason):
            return [.memberRemoved(MemberRemoved(board: board, member: member, reason: reason, policyDigest: digest))]
        case .assignRole(let principal, let role):
            return [.roleAssigned(RoleAssigned(principal: principal, role: role, policyDigest: digest))]
        case .revokeRole(let principal, let role, let reason):
            return [.roleRevoked(RoleRevoked(principal: principal, role: role, reason: reason, policyDigest: digest))]
        case .requestApproval(let slug, let version, let target):
            let model = state.models[slug]
            let tier = model.flatMap { policy.tier($0.tier) }
            return [.approvalRequested(ApprovalRequested(
                model: slug, version: version, from: model?.version(version)?.stage ?? policy.lifecycle.initial, to: target,
                board: tier?.approval.board?.name, quorum: tier?.approval.board?.quorum, signoffs: tier?.approval.signoffs ?? [],
                policyDigest: digest))]
        case .castVote(let ballot, let fingerprint, let signature):
            return [.voteCast(VoteCast(ballot: ballot, keyFingerprint: fingerprint, signature: signature, policyDigest: digest))]
        case .signOff(let slug, let version, let role, let note):
            var request = -1
            if let model = state.models[slug], model.version(version) != nil {
                guard let active = model.activeRequest(for: version) else {
                    let rejected = model.requests.last { $0.version == version && $0.status == .rejected }
                    throw GovernanceRejection(.requestOpen, "\(role) sign-off on \(slug) \(version)", rejected.map { "the board rejected request \($0.seq); open a new request with govledger approval request \(slug) \(version) --to \($0.to)" }
                        ?? "no approval request is open for \(slug) \(version); open one with govledger approval request \(slug) \(version) --to approved")
                }
                request = active.seq
            }
            return [.signoffRecorded(SignoffRecorded(model: slug, version: version, request: request, role: role, note: note, policyDigest: digest))]
        case .recordRetraining(let slug, let version, let outcome, let reason, let cost, let duration, let promotionCost):
            guard let model = state.models[slug] else {
                throw GovernanceRejection(.modelUnknown, "retraining run of \(slug)", "model \(slug) is not registered")
            }
            let computed = RetrainingEvaluator.evaluate(model: model, candidate: version, outcome: outcome, policy: policy)
            return [.retrainingCompleted(RetrainingCompleted(
                model: slug, version: version, outcome: outcome, reason: reason, production: computed.production, deltas: computed.deltas,
                costUSD: cost, durationHours: duration, promotionCostUSD: promotionCost, autoApproval: computed.autoApproval, policyDigest: digest))]
        case .startDeployment(let slug, let version, let strategy, let steps, let environment):
            let defaults: [Double] = switch strategy {
            case .canary: policy.deployment.canarySteps.isEmpty ? [0.10, 0.25, 0.50, 1.0] : policy.deployment.canarySteps
            case .abTest: [0.5]
            case .blueGreen: [1.0]
            case .shadow: [0]
            }
            return [.deploymentStarted(DeploymentStarted(model: slug, version: version, strategy: strategy, steps: steps ?? defaults, environment: environment, policyDigest: digest))]
        case .advanceDeployment(let slug), .reportDeployment(let slug, _, _, _), .rollbackDeployment(let slug, _):
            guard let deployment = state.models[slug]?.deployments.last else {
                throw GovernanceRejection(.deployment, "deployment of \(slug)", state.models[slug] == nil ? "model \(slug) is not registered" : "\(slug) has no deployment; start one with govledger deploy start \(slug) --version X.Y.Z --strategy canary --environment …")
            }
            switch command {
            case .advanceDeployment:
                let step = deployment.step + 1
                guard step < deployment.steps.count else {
                    throw GovernanceRejection(.deployment, "advance of the deployment of \(slug) \(deployment.version)", "the deployment at seq \(deployment.seq) is at its last step (\((deployment.traffic * 100))% of traffic)\(deployment.rolledBack ? " and was rolled back" : "")")
                }
                return [.deploymentAdvanced(DeploymentStepAdvanced(model: slug, version: deployment.version, deployment: deployment.seq, step: step, traffic: deployment.steps[step], policyDigest: digest))]
            case .reportDeployment(_, let errorRate, let accuracyDrop, let agreement):
                let criteria = policy.deployment
                return [.deploymentReported(DeploymentReported(
                    model: slug, version: deployment.version, deployment: deployment.seq, errorRate: errorRate, accuracyDrop: accuracyDrop,
                    agreementRate: agreement, errorRateAbove: criteria.rollbackErrorRateAbove, accuracyDropAbove: criteria.rollbackAccuracyDropAbove,
                    breached: errorRate > criteria.rollbackErrorRateAbove || accuracyDrop > criteria.rollbackAccuracyDropAbove, policyDigest: digest))]
            case .rollbackDeployment(_, let reason):
                return [.deploymentRolledBack(DeploymentRolledBack(model: slug, version: deployment.version, deployment: deployment.seq, reason: reason, policyDigest: digest))]
            default:
                return []
            }
        case .recordExplainability(let slug, let version, let method, let global, let local, let counterfactuals, let scores):
            let judged: ([MetricName: ValidationRecorded.Result], Bool)
            do {
                judged = try ExplainabilityRecorded.judge(global: global, scores: scores, policy: policy)
            } catch {
                throw GovernanceRejection(.evidenceInput, "explainability of \(slug) \(version)", error.message)
            }
            return [.explainabilityRecorded(ExplainabilityRecorded(
                model: slug, version: version, method: method, global: global, local: local, counterfactuals: counterfactuals, scores: scores,
                verdict: judged.0, passed: judged.1, policyDigest: digest))]
        case .setCardSection(let slug, let section, let text, let version):
            return [.cardSectionSet(ModelCardSectionSet(model: slug, section: section, text: text, version: version, policyDigest: digest))]
        case .reviewCard(let slug, let note):
            return [.cardReviewed(ModelCardReviewed(model: slug, note: note, policyDigest: digest))]
        case .recordFinding(let slug, let area, let severity, let observation, let remediation, let owner, let due):
            return [.findingRecorded(AuditFindingRecorded(
                model: slug, area: area, severity: severity, observation: observation, remediation: remediation, owner: owner, due: due,
                policyDigest: digest))]
        case .remediateFinding(let slug, let finding, let note):
            return [.findingRemediated(AuditFindingRemediated(model: slug, finding: finding, note: note, policyDigest: digest))]
        case .recordCost(let slug, let period, let category, let amount, let onDemand, let note):
            return [.costRecorded(CostRecorded(model: slug, period: period, category: category, amountUSD: amount, onDemandUSD: onDemand, note: note, policyDigest: digest))]
        case .recordABTest(let slug, let version, let metric, let arms):
            let alpha = policy.promotion.improvementPValueBelow
            let outcome: ABTestRecorded.Outcome
            do {
                outcome = try ABTestRecorded.evaluate(arms, alpha: alpha)
            } catch {
                throw GovernanceRejection(.evidenceInput, "A/B test of \(slug) \(version) on \(metric)", error.message)
            }
            return [.abTestRecorded(ABTestRecorded(
                model: slug, version: version, baseline: state.models[slug]?.productionVersion?.version, metric: metric, arms: arms,
                result: outcome.result, improvement: outcome.improvement, pValueBelow: alpha, accepted: outcome.accepted, policyDigest: digest))]
        case .recordSnapshot(let slug, let version, let input):
            return [try snapshot(of: slug, version, input, in: state).event]
        case .sequence, .moveVersion:
            return []
        case .setTag(let slug, let version, let key, let value):
            return [.tagSet(ModelTagSet(model: slug, version: version, key: key, value: value, policyDigest: digest))]
        case .deleteTag(let slug, let version, let key):
            return [.tagDeleted(ModelTagDeleted(model: slug, version: version, key: key, policyDigest: digest))]
        case .setAlias(let slug, let alias, let version):
            return [.aliasSet(ModelAliasSet(model: slug, alias: alias, version: version, policyDigest: digest))]
        case .deleteAlias(let slug, let alias):
            return [.aliasDeleted(ModelAliasDeleted(model: slug, alias: alias, policyDigest: digest))]
        case .describe(let slug, let version, let description):
            return [.descriptionSet(ModelDescriptionSet(model: slug, version: version, description: description, policyDigest: digest))]
        case .rename(let slug, let name):
            return [.renamed(ModelRenamed(model: slug, from: state.models[slug]?.name ?? "", to: name, policyDigest: digest))]
        case .recordOpenLineage(let event):
            guard let link = event.link else {
                return [.openLineageRecorded(OpenLineageRecorded(event: event, model: nil, version: nil, policyDigest: digest))]
            }
            let subject = "OpenLineage \(event.kind) event of \(link.model.prefix(80)) \(link.version)"
            let model = ModelSlug(rawValue: link.model).flatMap { state.models[$0] }
                ?? state.models.values.first { $0.name == link.model }
                ?? ModelSlug(displayName: link.model).flatMap { state.models[$0] }
            guard let model else {
                throw GovernanceRejection(.openLineageLink, subject, "no registered model has the slug or name '\(link.model.prefix(80))'; register it first, or fix the job name or the govledger facet")
            }
            let record: VersionRecord? = switch link.version {
            case .semantic(let version): model.version(version)
            case .number(let number): model.version(mlflowNumber: number)
            }
            guard let record else {
                throw GovernanceRejection(.openLineageLink, subject, "\(model.slug) has no version \(link.version); its versions are \(model.versions.enumerated().map { "\($0.offset + 1) (\($0.element.version))" }.joined(separator: ", "))")
            }
            return [.openLineageRecorded(OpenLineageRecorded(event: event, model: model.slug, version: record.version, policyDigest: digest))]
        case .registerFeature(let name, let owner, let description, let dataType, let source, let refresh, let freshness, let completeness):
            return [.featureRegistered(FeatureRegistered(
                feature: name, owner: owner, description: description, dataType: dataType, source: source, refresh: refresh,
                freshnessSLA: freshness, completenessSLA: completeness, policyDigest: digest))]
        case .releaseFeatureVersion(let name, let version, let change, let note):
            return [.featureVersionReleased(FeatureVersionReleased(
                feature: name, version: version, change: change, previous: state.features[name]?.latest?.version, note: note, policyDigest: digest))]
        case .deprecateFeatureVersion(let name, let version, let grace, let reason):
            return [.featureVersionDeprecated(FeatureVersionDeprecated(
                feature: name, version: version, grace: grace ?? policy.features.deprecationGrace, reason: reason, policyDigest: digest))]
        case .releaseFeatureSet(let name, let version, let features, let note):
            return [.featureSetReleased(FeatureSetReleased(featureSet: name, version: version, features: features, note: note, policyDigest: digest))]
        case .recordBiasTest(let slug, let version, let attribute, let reference, let groups, let note):
            let subject = "bias test of \(slug) \(version) on \(attribute)"
            guard let model = state.models[slug] else {
                throw GovernanceRejection(.modelUnknown, subject, "model \(slug) is not registered")
            }
            let outcome: EvidenceEvaluator.BiasOutcome
            do {
                outcome = try EvidenceEvaluator.bias(groups: groups, reference: reference, policy: policy, tier: model.tier)
            } catch {
                throw GovernanceRejection(.evidenceInput, subject, error.message)
            }
            return [.biasTestRecorded(BiasTestRecorded(
                model: slug, version: version, attribute: attribute, reference: reference, groups: groups,
                results: outcome.report.json, verdict: outcome.verdict, passed: outcome.passed, tier: model.tier, note: note,
                policyDigest: digest))]
        }
    }
}
