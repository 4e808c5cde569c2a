public import Governance
public import LedgerCore

/// The read models of a log, folded entry by entry: one ``ModelDossier`` per model, the policies
/// adopted and the boards' membership. ``position`` is the seq of the next entry to apply, so an
/// update reads only the entries appended since; ``anchor`` is the leaf hash of the last entry
/// applied, so a stored state that does not belong to the log at hand is noticed and rebuilt.
///
/// ```swift
/// var state = ProjectionState()
/// for entry in entries { try state.apply(entry) }
/// state.models["fraud-detection-engine"]?.requests.last?.votes.count
/// ```
public struct ProjectionState: Codable, Hashable, Sendable {
    /// The version of this state's layout; a stored state of another version is rebuilt.
    public static let layoutVersion = 1

    public var layout = ProjectionState.layoutVersion
    /// The seq of the next entry to apply.
    public var position = 0
    /// The hex leaf hash of entry `position - 1`; `nil` while empty.
    public var anchor: String?
    public var models: [String: ModelDossier] = [:]
    /// Models in order of registration.
    public var modelOrder: [String] = []
    public var policies: [PolicyRecord] = []
    public var boards: [String: [BoardSeat]] = [:]

    public struct PolicyRecord: Codable, Hashable, Sendable {
        public var name: String
        public var version: String
        public var digest: String
        public var source: ModelDossier.Source
    }

    public struct BoardSeat: Codable, Hashable, Sendable {
        public var member: String
        public var seat: String?
        public var appointed: ModelDossier.Source
        public var removed: ModelDossier.Source?
    }

    public init() {}

    /// The dossiers in order of registration.
    public var dossiers: [ModelDossier] { modelOrder.compactMap { models[$0] } }

    /// The policy in force at `seq`: the latest adopted at or before it.
    public func policy(at seq: Int) -> PolicyRecord? { policies.last { $0.source.seq <= seq } }

    /// The policy adopted last, read from its entry in `store`.
    public func latestPolicy(in store: some EventStore) async throws -> Policy? {
        guard let record = policies.last,
            let entry = try await store.entries(EntryQuery(fromSeq: record.source.seq, limit: 1)).first,
            case .policyAdopted(let adopted)? = try RegistryState.event(of: entry)
        else { return nil }
        return adopted.policy
    }

    /// Applies the next entry of the log.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` when the entry is not the next one
    ///   (`seq` ≠ ``position``) or a catalog payload does not read as its type.
    public mutating func apply(_ entry: Entry, policies cache: PolicyCache? = nil) throws(LedgerError) {
        guard entry.header.seq == position else {
            throw LedgerError(.integrityFailure, "projection at position \(position) was given entry \(entry.header.seq); rebuild it with govledger projections rebuild", seq: entry.header.seq)
        }
        defer {
            position = entry.header.seq + 1
            anchor = entry.leafHash.hex
        }
        let header = entry.header
        let source = ModelDossier.Source(seq: header.seq, time: header.time.description, actor: header.actor.rawValue)
        if header.type == LineageBatch.eventType {
            applyLineage(entry, source)
            return
        }
        guard let event = try RegistryState.event(of: entry, policies: cache) else { return }
        apply(event, source)
    }

    private mutating func applyLineage(_ entry: Entry, _ source: ModelDossier.Source) {
        guard let payload = try? entry.payload?.object(), let model = payload["model"]?.stringValue, models[model] != nil else { return }
        let count = payload["count"]?.intValue ?? 0
        models[model]?.lineage.batches += 1
        models[model]?.lineage.records += count
        if models[model]?.lineage.first == nil { models[model]?.lineage.first = payload["from"]?.stringValue }
        models[model]?.lineage.last = payload["to"]?.stringValue
        models[model]?.lineage.lastBatch = source.seq
    }

    private mutating func updateVersion(_ model: ModelSlug, _ version: SemanticVersion, _ change: (inout ModelDossier.Version) -> Void) {
        guard let index = models[model.rawValue]?.versions.firstIndex(where: { $0.version == version.description }) else { return }
        change(&models[model.rawValue]!.versions[index])
    }

    private mutating func updateRequest(_ model: ModelSlug, _ request: Int, _ change: (inout ModelDossier.Request) -> Void) {
        guard let index = models[model.rawValue]?.requests.firstIndex(where: { $0.seq == request }) else { return }
        change(&models[model.rawValue]!.requests[index])
    }

    private static func metrics(_ results: [MetricName: ValidationRecorded.Result]) -> [ModelDossier.Metric] {
        results.keys.sorted { $0.rawValue < $1.rawValue }.map {
            ModelDossier.Metric(name: $0.rawValue, value: results[$0]!.value.description, passed: results[$0]!.passed)
        }
    }

    // One case per event type of the catalog; the switch mirrors the catalog table.
    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private mutating func apply(_ event: GovernanceEvent, _ source: ModelDossier.Source) {
        switch event {
        case .policyAdopted(let e):
            policies.append(PolicyRecord(name: e.policy.name.rawValue, version: e.policy.version, digest: e.digest.hex, source: source))
        case .modelRegistered(let e):
            guard models[e.model.rawValue] == nil else { return }
            models[e.model.rawValue] = ModelDossier(
                slug: e.model.rawValue, name: e.name, owner: e.owner, framework: e.framework, purpose: e.purpose, tier: e.tier.rawValue,
                registered: source)
            modelOrder.append(e.model.rawValue)
        case .tierChanged(let e):
            models[e.model.rawValue]?.tier = e.to.rawValue
            models[e.model.rawValue]?.tierChanges.append(.init(from: e.from.rawValue, to: e.to.rawValue, reason: e.reason, source: source))
        case .versionRegistered(let e):
            let l = e.lineage
            let lineage = ModelDossier.Lineage(
                datasetSHA256: l.datasetSHA256?.hex, featureSetVersion: l.featureSetVersion, artifactSHA256: l.artifactSHA256?.hex,
                sbomSHA256: l.sbomSHA256?.hex, imageDigest: l.imageDigest, gpuType: l.gpuType, trainingHours: l.trainingHours,
                trainingCostUSD: l.trainingCostUSD,
                hyperparameters: l.hyperparameters.map { String(decoding: JSONValue.object($0).canonicalBytes(), as: UTF8.self) },
                metrics: Dictionary(uniqueKeysWithValues: l.metrics.map { ($0.key.rawValue, $0.value) }))
            models[e.model.rawValue]?.versions.append(ModelDossier.Version(
                version: e.version.description, baseline: e.baseline?.description, bump: e.bump.rawValue, registered: source,
                stage: LifecycleStage.development.rawValue, stageSince: source.time, lineage: lineage))
        case .validationRecorded(let e):
            updateVersion(e.model, e.version) {
                $0.validations.append(.init(suite: e.suite.rawValue, passed: e.passed, metrics: Self.metrics(e.metrics), note: e.note, source: source))
            }
        case .biasTestRecorded(let e):
            updateVersion(e.model, e.version) {
                $0.biasTests.append(.init(
                    attribute: e.attribute, reference: e.reference, groups: e.groups.map(\.name), passed: e.passed,
                    verdict: Self.metrics(e.verdict), source: source))
            }
        case .explainabilityRecorded(let e):
            let top = e.global.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(10).map(\.key)
            updateVersion(e.model, e.version) { $0.explainability = .init(method: e.method, topFeatures: Array(top), passed: e.passed, source: source) }
        case .approvalRequested(let e):
            models[e.model.rawValue]?.requests.append(ModelDossier.Request(
                seq: source.seq, version: e.version.description, from: e.from.rawValue, to: e.to.rawValue, board: e.board?.rawValue,
                quorum: e.quorum, signoffsRequired: e.signoffs.map(\.rawValue), source: source))
        case .voteCast(let e):
            let b = e.ballot
            updateRequest(b.model, b.request) {
                $0.votes.append(.init(
                    member: b.member.rawValue, decision: b.decision.rawValue, rationale: b.rationale, dissent: b.dissent,
                    keyFingerprint: e.keyFingerprint.hex, source: source))
            }
        case .signoffRecorded(let e):
            updateRequest(e.model, e.request) { $0.signoffs.append(.init(role: e.role.rawValue, note: e.note, source: source)) }
        case .approvalDecided(let e):
            updateRequest(e.model, e.request) {
                $0.decision = .init(
                    outcome: e.outcome.rawValue, approve: e.tally.approve, reject: e.tally.reject, abstain: e.tally.abstain, quorum: e.quorum,
                    members: e.members, source: source)
            }
        case .versionTransitioned(let e):
            updateVersion(e.model, e.version) {
                $0.stage = e.to.rawValue
                $0.stageSince = source.time
                if let deployment = e.deployment { $0.deployment = deployment }
                $0.transitions.append(.init(
                    from: e.from.rawValue, to: e.to.rawValue, cause: e.cause.rawValue, reason: e.reason, request: e.request,
                    deployment: e.deployment, policyDigest: e.policyDigest.hex, source: source))
            }
        case .memberAppointed(let e):
            boards[e.board.rawValue, default: []].append(BoardSeat(member: e.member.rawValue, seat: e.seat, appointed: source))
        case .memberRemoved(let e):
            if let index = boards[e.board.rawValue]?.lastIndex(where: { $0.member == e.member.rawValue && $0.removed == nil }) {
                boards[e.board.rawValue]![index].removed = source
            }
        case .roleAssigned, .roleRevoked, .tagSet, .tagDeleted, .aliasSet, .aliasDeleted, .descriptionSet, .openLineageRecorded,
            .featureRegistered, .featureVersionReleased, .featureVersionDeprecated, .featureSetReleased:
            break
        case .renamed(let e):
            models[e.model.rawValue]?.name = e.to
        case .snapshotRecorded(let e):
            guard var model = models[e.model.rawValue] else { return }
            model.snapshots.count += 1
            if model.snapshots.first == nil { model.snapshots.first = source }
            if !e.raised.isEmpty { model.snapshots.alerting += 1 }
            var snapshot = ModelDossier.Snapshot(version: e.version.description, window: e.input.window, raised: e.raised, resolved: e.resolved, source: source)
            if case .object(let metrics)? = e.results["metrics"] {
                snapshot.metrics = metrics.keys.sorted().compactMap { name in
                    guard case .object(let m)? = metrics[name], let value = m["value"]?.numberValue, let threshold = m["threshold"]?.numberValue else { return nil }
                    return ModelDossier.SnapshotMetric(name: name, value: value, threshold: threshold, status: m["status"]?.stringValue ?? "")
                }
            }
            if case .object(let performance)? = e.results["performance"] {
                for member in performance.members { if let number = member.value.numberValue { snapshot.performance[member.key] = number } }
            }
            if case .object(let input)? = e.input.json["performance"], case .object(let baseline)? = input["baseline"] {
                for member in baseline.members { if let number = member.value.numberValue { snapshot.baseline[member.key] = number } }
            }
            model.snapshots.latest = snapshot
            models[e.model.rawValue] = model
        case .alertRaised(let e):
            models[e.model.rawValue]?.alerts.append(.init(
                version: e.version.description, metric: e.metric, value: e.value, threshold: e.threshold, severity: e.severity, window: e.window,
                raised: source))
        case .alertResolved(let e):
            guard let index = models[e.model.rawValue]?.alerts.lastIndex(where: { $0.metric == e.metric && $0.resolved == nil }) else { return }
            models[e.model.rawValue]!.alerts[index].resolved = source
            models[e.model.rawValue]!.alerts[index].resolvedValue = e.value
        case .retrainingTriggered(let e):
            models[e.model.rawValue]?.retrainingTriggers.append(.init(
                version: e.version.description, triggers: e.triggers.map { String(describing: $0) }, window: e.window, source: source))
        case .retrainingCompleted(let e):
            models[e.model.rawValue]?.retrainingRuns.append(.init(
                version: e.version?.description, outcome: e.outcome.rawValue, reason: e.reason, costUSD: e.costUSD, durationHours: e.durationHours,
                decision: e.autoApproval.decision, source: source))
        case .deploymentStarted(let e):
            models[e.model.rawValue]?.deployments.append(.init(
                seq: source.seq, version: e.version.description, strategy: e.strategy.rawValue, environment: e.environment, steps: e.steps,
                step: 0, reports: 0, breaches: 0, source: source))
        case .deploymentAdvanced(let e):
            updateDeployment(e.model, e.deployment) { $0.step = e.step }
        case .deploymentReported(let e):
            updateDeployment(e.model, e.deployment) {
                $0.reports += 1
                if e.breached { $0.breaches += 1 }
            }
        case .deploymentRolledBack(let e):
            updateDeployment(e.model, e.deployment) { $0.rolledBack = source }
        case .abTestRecorded(let e):
            models[e.model.rawValue]?.abTests.append(.init(
                version: e.version.description, metric: e.metric, improvement: e.improvement, accepted: e.accepted, source: source))
        case .costRecorded(let e):
            models[e.model.rawValue]?.costs.append(.init(
                period: e.period, category: e.category.rawValue, amountUSD: e.amountUSD, onDemandUSD: e.onDemandUSD, source: source))
        case .cardSectionSet(let e):
            models[e.model.rawValue]?.cardSections[e.section.rawValue] = .init(text: e.text, version: e.version?.description, source: source)
            models[e.model.rawValue]?.cardReview = source
        case .cardReviewed(let e):
            models[e.model.rawValue]?.cardReview = source
        case .findingRecorded(let e):
            models[e.model.rawValue]?.findings.append(.init(
                area: e.area.rawValue, severity: e.severity.rawValue, observation: e.observation, remediation: e.remediation,
                owner: e.owner.rawValue, due: e.due, source: source))
        case .findingRemediated(let e):
            guard let index = models[e.model.rawValue]?.findings.firstIndex(where: { $0.source.seq == e.finding && $0.remediated == nil }) else { return }
            models[e.model.rawValue]!.findings[index].remediated = source
            models[e.model.rawValue]!.findings[index].remediationNote = e.note
        }
    }

    private mutating func updateDeployment(_ model: ModelSlug, _ seq: Int, _ change: (inout ModelDossier.Deployment) -> Void) {
        guard let index = models[model.rawValue]?.deployments.lastIndex(where: { $0.seq == seq }) else { return }
        change(&models[model.rawValue]!.deployments[index])
    }
}
