public import LedgerCore

/// The registry as the log describes it: the policy in force, models with their versions,
/// lineage, stages, validations and approval requests, review boards with their members' keys,
/// and role holders.
///
/// A state is a value built by folding entries in `seq` order with ``apply(_:)``. Applying
/// records what the log says, even when an entry broke a rule (the rule checker reports that
/// separately), so the state always matches the log. Decisions read a state and never change
/// it; the service rebuilds it for each command from the streams the command needs.
///
/// ```swift
/// var state = RegistryState()
/// for entry in try await store.entries(EntryQuery()) { try state.apply(entry) }
/// state.models[ModelSlug("fraud-detection-engine")!]?.productionVersion?.version // 3.2.1
/// ```
///
/// ## Topics
/// - ``apply(_:policies:)``
/// - ``apply(_:context:)``
/// - ``modelsInOrder``
/// - ``holds(_:role:)``
public struct RegistryState: Hashable, Sendable {
    /// The policy in force: the latest adoption applied.
    public internal(set) var policy: AdoptedPolicy?
    /// The registered models by slug.
    public internal(set) var models: [ModelSlug: ModelRecord] = [:]
    /// The review boards that have had members, by name.
    public internal(set) var boards: [BoardName: BoardRecord] = [:]
    /// The holders of each role, in order of assignment.
    public internal(set) var roleHolders: [RoleName: [Principal]] = [:]
    /// The features of the feature store by name.
    public internal(set) var features: [FeatureName: FeatureRecord] = [:]
    /// The feature sets by name.
    public internal(set) var featureSets: [FeatureName: FeatureSetRecord] = [:]
    /// The number of catalog entries applied.
    public internal(set) var eventsApplied = 0

    /// An empty registry.
    public init() {}

    /// The entry types whose latest entry on a stream (with a payload) replaces everything the
    /// earlier ones left in the state: `monitoring.snapshot.recorded`. Applying a snapshot sets
    /// the model's last snapshot and its pending derived entries afresh, and nothing else reads
    /// an earlier snapshot, so a fold that leaves out the superseded ones
    /// (``EntryQuery/supersededLeftOut``) ends in the same state, apart from
    /// ``eventsApplied``. A superseded snapshot whose payload breaks the catalog is then not
    /// reported by the fold; `govledger verify --rules` still reads every entry.
    public static let supersededTypes: Set<EventType> = [.monitoringSnapshotRecorded]

    /// The models in order of registration.
    public var modelsInOrder: [ModelRecord] { models.values.sorted { $0.order < $1.order } }

    /// Whether `principal` holds `role`.
    public func holds(_ principal: Principal, role: RoleName) -> Bool {
        roleHolders[role]?.contains(principal) ?? false
    }

    /// The current members of `board` (empty if it has none).
    public func members(of board: BoardName) -> [Principal] {
        boards[board]?.members.map(\.principal) ?? []
    }

    /// Applies one stored entry.
    ///
    /// Entries of types outside the catalog and entries whose payload was purged change nothing.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` with the entry's `seq` when a catalog
    ///   entry's payload does not read as its type (`govledger verify --rules` lists such entries).
    /// - Parameter policies: a cache of policies already read, so that a state rebuilt often
    ///   does not parse the same policy each time.
    public mutating func apply(_ entry: Entry, policies: PolicyCache? = nil) throws(LedgerError) {
        guard let event = try Self.event(of: entry, policies: policies) else { return }
        apply(event, context: EventContext(header: entry.header))
    }

    /// The catalog event of a stored entry; `nil` for other types and purged payloads.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` naming the seq when the payload breaks the catalog.
    public static func event(of entry: Entry, policies: PolicyCache? = nil) throws(LedgerError) -> GovernanceEvent? {
        guard GovernanceEvent.catalog.contains(entry.header.type), let sealed = entry.payload else { return nil }
        if entry.header.type == .policyAdopted, let cached = policies?.adoption(payloadBytes: sealed.canonicalBytes) {
            return .policyAdopted(cached)
        }
        do {
            let event = try GovernanceEvent.decode(type: entry.header.type, payload: sealed.object(), policies: policies)
            if case .policyAdopted(let adoption)? = event { policies?.store(adoption, payloadBytes: sealed.canonicalBytes) }
            return event
        } catch {
            throw LedgerError(.integrityFailure, "\(error.message); run 'govledger verify --rules' to list every entry that breaks the catalog.", seq: entry.header.seq)
        }
    }

    /// Applies one event: records what it says, whether or not it broke a rule.
    public mutating func apply(_ event: GovernanceEvent, context: EventContext) {
        eventsApplied += 1
        if let slug = event.model, models[slug] != nil {
            defer { models[slug]?.lastUpdated = context.time }
            applyEvent(event, context: context)
        } else {
            applyEvent(event, context: context)
        }
    }

    private mutating func applyEvent(_ event: GovernanceEvent, context: EventContext) {
        switch event {
        case .policyAdopted(let e):
            policy = AdoptedPolicy(policy: e.policy, digest: e.digest, seq: context.seq, time: context.time, actor: context.actor)
        case .modelRegistered(let e):
            guard models[e.model] == nil else { return }
            models[e.model] = ModelRecord(
                slug: e.model, name: e.name, owner: e.owner, framework: e.framework, purpose: e.purpose, tier: e.tier,
                registeredAt: context.time, order: models.count)
        case .tierChanged(let e):
            models[e.model]?.tier = e.to
        case .versionRegistered(let e):
            guard let model = models[e.model], model.version(e.version) == nil else { return }
            models[e.model]?.versions.append(VersionRecord(
                version: e.version, baseline: e.baseline, bump: e.bump, lineage: e.lineage, registeredAt: context.time,
                stage: policy?.policy.lifecycle.initial ?? .development, stageSince: context.time,
                stageChanges: [VersionRecord.StageChange(stage: policy?.policy.lifecycle.initial ?? .development, since: context.time)]))
        case .validationRecorded(let e):
            models[e.model]?.updateVersion(e.version) {
                $0.validations[e.suite] = VersionRecord.Validation(
                    suite: e.suite, passed: e.passed, metrics: e.metrics, time: context.time, seq: context.seq)
            }
        case .approvalRequested(let e):
            models[e.model]?.requests.append(ApprovalRequest(
                seq: context.seq ?? -1, version: e.version, from: e.from, to: e.to, board: e.board, quorum: e.quorum,
                signoffRoles: e.signoffs, requestedBy: context.actor, openedAt: context.time))
        case .voteCast(let e):
            applyVote(e, context)
        case .signoffRecorded(let e):
            models[e.model]?.updateRequest(e.request) {
                guard $0.signoff(for: e.role) == nil else { return }
                $0.signoffs.append(ApprovalRequest.Signoff(role: e.role, principal: context.actor, note: e.note, time: context.time, seq: context.seq))
            }
        case .approvalDecided(let e):
            models[e.model]?.updateRequest(e.request) {
                $0.decision = ApprovalRequest.Decision(outcome: e.outcome, tally: e.tally, quorum: e.quorum, members: e.members, time: context.time, seq: context.seq)
            }
            if models[e.model]?.pendingFollowUp?.followUp == .decision(request: e.request) {
                models[e.model]?.pendingFollowUp = nil
            }
        case .versionTransitioned(let e):
            applyTransition(e, context)
        case .memberAppointed(let e):
            var board = boards[e.board] ?? BoardRecord(name: e.board)
            guard board.member(e.member) == nil else { return }
            board.members.append(BoardRecord.Member(principal: e.member, publicKey: e.publicKey, seat: e.seat, appointedAt: context.time))
            boards[e.board] = board
        case .memberRemoved(let e):
            boards[e.board]?.members.removeAll { $0.principal == e.member }
        case .roleAssigned(let e):
            if !holds(e.principal, role: e.role) { roleHolders[e.role, default: []].append(e.principal) }
        case .roleRevoked(let e):
            roleHolders[e.role]?.removeAll { $0 == e.principal }
        case .snapshotRecorded(let e):
            guard var model = models[e.model] else { return }
            model.lastSnapshot = ModelRecord.SnapshotRecord(
                version: e.version, window: e.input.window, metrics: MonitoredMetric.all(in: e.results), triggers: e.triggers,
                time: context.time, seq: context.seq)
            model.pendingDerived = e.raised.map { .alertRaised(metric: $0) } + e.resolved.map { .alertResolved(metric: $0) }
                + (e.triggers.isEmpty ? [] : [.retrainingTriggered])
            model.advanceDerived(origin: context.seq)
            models[e.model] = model
        case .alertRaised(let e):
            guard var model = models[e.model] else { return }
            model.alerts.append(ModelRecord.DriftAlert(
                model: e.model, version: e.version, metric: e.metric, value: e.value, threshold: e.threshold, severity: e.severity,
                window: e.window, raisedAt: context.time, seq: context.seq))
            if model.pendingFollowUp?.followUp == .alertRaised(metric: e.metric) { model.advanceDerived(origin: model.pendingFollowUp?.seq) }
            models[e.model] = model
        case .alertResolved(let e):
            guard var model = models[e.model] else { return }
            if let index = model.alerts.lastIndex(where: { $0.metric == e.metric && $0.resolvedAt == nil }) {
                model.alerts[index].resolvedAt = context.time
                model.alerts[index].resolvedValue = e.value
                model.alerts[index].resolvedWindow = e.window
            }
            if model.pendingFollowUp?.followUp == .alertResolved(metric: e.metric) { model.advanceDerived(origin: model.pendingFollowUp?.seq) }
            models[e.model] = model
        case .retrainingTriggered(let e):
            guard var model = models[e.model] else { return }
            model.retrainingTriggers.append(ModelRecord.TriggerRecord(version: e.version, triggers: e.triggers, window: e.window, time: context.time, seq: context.seq))
            if model.pendingFollowUp?.followUp == .retrainingTriggered { model.advanceDerived(origin: model.pendingFollowUp?.seq) }
            models[e.model] = model
        case .retrainingCompleted(let e):
            models[e.model]?.retrainingRuns.append(ModelRecord.RetrainingRun(run: e, time: context.time, seq: context.seq))
        case .deploymentStarted(let e):
            models[e.model]?.deployments.append(ModelRecord.Deployment(
                seq: context.seq ?? -1, version: e.version, strategy: e.strategy, steps: e.steps, environment: e.environment, startedAt: context.time))
        case .deploymentAdvanced(let e):
            guard var model = models[e.model], let index = model.deployments.lastIndex(where: { $0.seq == e.deployment }) else { return }
            model.deployments[index].step = e.step
            models[e.model] = model
        case .deploymentReported(let e):
            guard var model = models[e.model], let index = model.deployments.lastIndex(where: { $0.seq == e.deployment }) else { return }
            model.deployments[index].reports.append(e)
            if e.breached { model.pendingFollowUp = ModelRecord.PendingFollowUp(followUp: .deploymentRollback(deployment: e.deployment), seq: context.seq) }
            models[e.model] = model
        case .deploymentRolledBack(let e):
            guard var model = models[e.model] else { return }
            if let index = model.deployments.lastIndex(where: { $0.seq == e.deployment }) {
                model.deployments[index].rolledBack = true
                model.deployments[index].rolledBackAt = context.time
            }
            if model.pendingFollowUp?.followUp == .deploymentRollback(deployment: e.deployment) { model.pendingFollowUp = nil }
            if model.version(e.version)?.stage == .production {
                model.pendingFollowUp = ModelRecord.PendingFollowUp(followUp: .stageRollback(e.version), seq: context.seq)
            }
            models[e.model] = model
        case .explainabilityRecorded(let e):
            models[e.model]?.updateVersion(e.version) { $0.explainability = e }
        case .costRecorded(let e):
            models[e.model]?.costs.append(e)
        case .cardSectionSet(let e):
            models[e.model]?.cardSections[e.section] = ModelRecord.CardSection(
                text: e.text, version: e.version, actor: context.actor, time: context.time, seq: context.seq)
            models[e.model]?.cardReview = ModelRecord.CardReview(time: context.time, seq: context.seq)
        case .cardReviewed(let e):
            models[e.model]?.cardReview = ModelRecord.CardReview(time: context.time, seq: context.seq)
        case .findingRecorded(let e):
            models[e.model]?.findings.append(ModelRecord.Finding(finding: e, actor: context.actor, time: context.time, seq: context.seq))
        case .findingRemediated(let e):
            guard var model = models[e.model], let index = model.findings.firstIndex(where: { $0.seq == e.finding && $0.remediation == nil })
            else { return }
            model.findings[index].remediation = ModelRecord.Finding.Remediation(note: e.note, actor: context.actor, time: context.time, seq: context.seq)
            models[e.model] = model
        case .abTestRecorded(let e):
            models[e.model]?.abTests.append(e)
        case .biasTestRecorded(let e):
            models[e.model]?.updateVersion(e.version) {
                $0.biasTests[e.attribute] = VersionRecord.BiasTest(
                    attribute: e.attribute, passed: e.passed, verdict: e.verdict, time: context.time, seq: context.seq)
            }
        case .tagSet(let e):
            if let version = e.version {
                models[e.model]?.updateVersion(version) { $0.tags[e.key] = e.value; $0.lastUpdated = context.time }
            } else {
                models[e.model]?.tags[e.key] = e.value
            }
        case .tagDeleted(let e):
            if let version = e.version {
                models[e.model]?.updateVersion(version) { $0.tags[e.key] = nil; $0.lastUpdated = context.time }
            } else {
                models[e.model]?.tags[e.key] = nil
            }
        case .aliasSet(let e):
            models[e.model]?.aliases[e.alias] = e.version
            models[e.model]?.updateVersion(e.version) { $0.lastUpdated = context.time }
        case .aliasDeleted(let e):
            models[e.model]?.aliases[e.alias] = nil
        case .descriptionSet(let e):
            if let version = e.version {
                models[e.model]?.updateVersion(version) { $0.description = e.description.isEmpty ? nil : e.description; $0.lastUpdated = context.time }
            } else {
                models[e.model]?.description = e.description.isEmpty ? nil : e.description
            }
        case .renamed(let e):
            models[e.model]?.name = e.to
        case .featureRegistered(let e):
            guard features[e.feature] == nil else { return }
            features[e.feature] = FeatureRecord(
                name: e.feature, owner: e.owner, description: e.description, dataType: e.dataType, source: e.source, refresh: e.refresh,
                freshnessSLA: e.freshnessSLA, completenessSLA: e.completenessSLA, registeredAt: context.time, order: features.count)
        case .featureVersionReleased(let e):
            guard let feature = features[e.feature], feature.version(e.version) == nil else { return }
            features[e.feature]?.versions.append(FeatureRecord.Version(version: e.version, change: e.change, note: e.note, releasedAt: context.time, seq: context.seq))
            features[e.feature]?.versions.sort { $0.version < $1.version }
        case .featureVersionDeprecated(let e):
            guard let index = features[e.feature]?.versions.firstIndex(where: { $0.version == e.version }),
                features[e.feature]?.versions[index].deprecation == nil
            else { return }
            features[e.feature]?.versions[index].deprecation = FeatureRecord.Deprecation(time: context.time, grace: e.grace, reason: e.reason, seq: context.seq)
        case .featureSetReleased(let e):
            var set = featureSets[e.featureSet] ?? FeatureSetRecord(name: e.featureSet, order: featureSets.count)
            guard set.version(e.version) == nil else { return }
            set.versions.append(FeatureSetRecord.Version(version: e.version, features: e.features, releasedAt: context.time, seq: context.seq))
            set.versions.sort { $0.version < $1.version }
            featureSets[e.featureSet] = set
        case .openLineageRecorded(let e):
            guard let slug = e.model, let version = e.version else { return }
            models[slug]?.updateVersion(version) {
                $0.lastUpdated = context.time
                guard e.kind == .run, e.runEventType == "COMPLETE", let runID = e.runID, let job = e.jobName else { return }
                $0.trainingRuns.append(VersionRecord.TrainingRun(
                    runID: runID, jobNamespace: e.namespace, jobName: job, inputs: e.inputs, outputs: e.outputs,
                    eventTime: e.eventTime, seq: context.seq))
            }
        }
    }

    private mutating func applyVote(_ e: VoteCast, _ context: EventContext) {
        let ballot = e.ballot
        guard var model = models[ballot.model], var request = model.request(ballot.request), request.vote(by: ballot.member) == nil
        else { return }
        request.votes.append(ApprovalRequest.Vote(
            member: ballot.member, decision: ballot.decision, rationale: ballot.rationale, dissent: ballot.dissent,
            time: context.time, seq: context.seq))
        model.updateRequest(ballot.request) { $0 = request }
        if request.decision == nil, request.usedBy == nil, let board = request.board,
            request.forcedOutcome(boardMembers: members(of: board)) != nil
        {
            model.pendingFollowUp = ModelRecord.PendingFollowUp(followUp: .decision(request: request.seq), seq: context.seq)
        }
        models[ballot.model] = model
    }

    private mutating func applyTransition(_ e: VersionTransitioned, _ context: EventContext) {
        guard var model = models[e.model], model.version(e.version) != nil else { return }
        let pending = model.pendingFollowUp?.followUp
        model.updateVersion(e.version) {
            $0.stage = e.to
            $0.stageSince = context.time
            $0.stageChanges.append(VersionRecord.StageChange(stage: e.to, since: context.time))
            $0.lastUpdated = context.time
            $0.deployment = e.deployment
        }
        switch e.cause {
        case .transition:
            if let request = e.request { model.updateRequest(request) { $0.usedBy = context.seq ?? -1 } }
            if e.to == .production {
                model.productionStack.append(e.version)
                if let old = e.counterpart {
                    model.pendingFollowUp = ModelRecord.PendingFollowUp(followUp: .supersession(of: old, by: e.version), seq: context.seq)
                }
            }
        case .supersession:
            if case .supersession(let old, _)? = pending, old == e.version { model.pendingFollowUp = nil }
        case .rollback:
            if case .restore(let restored, _)? = pending, restored == e.version {
                model.pendingFollowUp = nil
            } else {
                if case .stageRollback(let version)? = pending, version == e.version { model.pendingFollowUp = nil }
                if model.productionStack.last == e.version { model.productionStack.removeLast() }
                if let previous = e.counterpart {
                    model.pendingFollowUp = ModelRecord.PendingFollowUp(followUp: .restore(previous, after: e.version), seq: context.seq)
                }
            }
        }
        models[e.model] = model
    }
}
