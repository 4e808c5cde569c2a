public import LedgerCore

/// A request to change the registry, as a user or a pipeline states it.
///
/// ``GovernanceDecider/decide(_:by:in:at:)`` turns a command into the entries to append (or a
/// rejection); the ``GovernanceService`` reads the streams it needs, decides and appends.
public enum GovernanceCommand: Hashable, Sendable {
    /// Adopt a policy; it governs every later decision.
    case adoptPolicy(Policy)
    /// Register a model; its slug is derived from `name`.
    case registerModel(name: String, owner: String, framework: String, tier: RiskTier, purpose: String)
    /// Reclassify a model.
    case changeTier(model: ModelSlug, tier: RiskTier, reason: String)
    /// Register a version with its lineage.
    case registerVersion(model: ModelSlug, version: SemanticVersion, lineage: Lineage)
    /// Record the measured values of one suite; the ledger computes pass or fail.
    case recordValidation(model: ModelSlug, version: SemanticVersion, suite: SuiteName, measurements: [MetricName: Measurement], note: String?)
    /// Move a version to another stage (a promotion to production also supersedes the current one).
    case transition(model: ModelSlug, version: SemanticVersion, to: LifecycleStage, deployment: String?, reason: String?)
    /// Return the previous production version to production.
    case rollback(model: ModelSlug, reason: String?)
    /// Appoint a member to a board with their public key.
    case appointMember(board: BoardName, member: Principal, publicKey: Ed25519PublicKey, seat: String?)
    /// Remove a member from a board.
    case removeMember(board: BoardName, member: Principal, reason: String?)
    /// Give a principal a role.
    case assignRole(principal: Principal, role: RoleName)
    /// Take a role away.
    case revokeRole(principal: Principal, role: RoleName, reason: String?)
    /// Open an approval request for moving a version to a stage.
    case requestApproval(model: ModelSlug, version: SemanticVersion, to: LifecycleStage)
    /// Record a member's vote, signed locally.
    case castVote(ballot: VoteBallot, keyFingerprint: SHA256Digest, signature: [UInt8])
    /// Sign off the version's active approval request in a role the actor holds.
    case signOff(model: ModelSlug, version: SemanticVersion, role: RoleName, note: String?)
    /// Record a bias test's input; the ledger computes the metrics and the verdict.
    /// Record a monitoring snapshot's data; the ledger computes the metrics, statuses, alerts and triggers.
    case recordSnapshot(model: ModelSlug, version: SemanticVersion, input: MonitoringInput)
    /// Record a retraining run's outcome, cost and duration; the ledger computes the deltas and the auto-approval rule.
    case recordRetraining(model: ModelSlug, version: SemanticVersion?, outcome: RetrainingCompleted.Outcome, reason: String?, costUSD: Double, durationHours: Double, promotionCostUSD: Double?)
    /// Start the rollout of a production version; `steps` default by strategy (canary: the policy's steps).
    case startDeployment(model: ModelSlug, version: SemanticVersion, strategy: DeploymentPolicy.Strategy, steps: [Double]?, environment: String)
    /// Move the active rollout to its next traffic step.
    case advanceDeployment(model: ModelSlug)
    /// Report rollout metrics; beyond the rollback criteria, the rollout is rolled back in the same append.
    case reportDeployment(model: ModelSlug, errorRate: Double, accuracyDrop: Double, agreementRate: Double?)
    /// Roll the latest rollout back by hand.
    case rollbackDeployment(model: ModelSlug, reason: String)
    /// Record an A/B comparison of a candidate with production; the ledger computes the test.
    case recordABTest(model: ModelSlug, version: SemanticVersion, metric: String, arms: ABTestRecorded.Arms)
    /// Record a model's cost for a period and category.
    case recordCost(model: ModelSlug, period: String, category: CostRecorded.Category, amountUSD: Double, onDemandUSD: Double?, note: String?)
    /// Record a version's explanations and quality scores; the ledger judges them.
    case recordExplainability(model: ModelSlug, version: SemanticVersion, method: String, global: [String: Double], local: [String: [String]], counterfactuals: [String: String], scores: [String: Double])
    case recordBiasTest(model: ModelSlug, version: SemanticVersion, attribute: String, reference: String, groups: [FairnessGroup], note: String?)
    /// Set the text of one model card section.
    case setCardSection(model: ModelSlug, section: ModelCardSection, text: String, version: SemanticVersion?)
    /// Record that the model card was reviewed and is current.
    case reviewCard(model: ModelSlug, note: String?)
    /// Record an audit finding on a model.
    case recordFinding(model: ModelSlug, area: AuditArea, severity: AuditFindingRecorded.Severity, observation: String, remediation: String, owner: Principal, due: String)
    /// Record the remediation of the finding recorded at seq `finding`.
    case remediateFinding(model: ModelSlug, finding: Int, note: String)
    /// Move a version to a stage along the lifecycle's shortest path of transitions: one
    /// `model.version.transitioned` per step, each with its guards; nothing when it is there already.
    case moveVersion(model: ModelSlug, version: SemanticVersion, to: LifecycleStage, reason: String?)
    /// Set a tag on a model, or on one of its versions.
    case setTag(model: ModelSlug, version: SemanticVersion?, key: String, value: String)
    /// Remove a tag from a model, or from one of its versions.
    case deleteTag(model: ModelSlug, version: SemanticVersion?, key: String)
    /// Point an alias at a version; an alias the policy maps to a stage moves the version there first.
    case setAlias(model: ModelSlug, alias: String, version: SemanticVersion)
    /// Remove an alias.
    case deleteAlias(model: ModelSlug, alias: String)
    /// Replace the description of a model, or of one of its versions (empty: clear it).
    case describe(model: ModelSlug, version: SemanticVersion?, description: String)
    /// Change a model's display name; its slug and stream stay.
    case rename(model: ModelSlug, to: String)
    /// Record an OpenLineage event, linked to the model version it names, if any.
    case recordOpenLineage(OpenLineageEvent)
    /// Register a feature of the feature store with its owner and documentation.
    case registerFeature(name: FeatureName, owner: String, description: String, dataType: String, source: String, refresh: String, freshnessSLA: PolicyDuration, completenessSLA: Double)
    /// Release a version of a feature, declaring the kind of change (the registry checks the number against it).
    case releaseFeatureVersion(feature: FeatureName, version: SemanticVersion, change: VersionBump, note: String?)
    /// Deprecate a feature version; `grace` defaults to the policy's `features.deprecation_grace`.
    case deprecateFeatureVersion(feature: FeatureName, version: SemanticVersion, grace: PolicyDuration?, reason: String)
    /// Release a version of a feature set: the feature versions model versions read together.
    case releaseFeatureSet(name: FeatureName, version: SemanticVersion, features: [FeatureName: SemanticVersion], note: String?)
    /// Several commands decided in order, each on the state the previous ones leave, and
    /// appended together or not at all (a registration with its tags and description).
    indirect case sequence([GovernanceCommand])

    /// The model the command is about, if any.
    public var model: ModelSlug? {
        switch self {
        case .registerModel(let name, _, _, _, _): ModelSlug(displayName: name)
        case .changeTier(let model, _, _), .registerVersion(let model, _, _), .recordValidation(let model, _, _, _, _),
            .transition(let model, _, _, _, _), .rollback(let model, _), .requestApproval(let model, _, _),
            .signOff(let model, _, _, _), .recordBiasTest(let model, _, _, _, _, _),
            .recordSnapshot(let model, _, _), .recordRetraining(let model, _, _, _, _, _, _),
            .startDeployment(let model, _, _, _, _), .advanceDeployment(let model), .reportDeployment(let model, _, _, _),
            .rollbackDeployment(let model, _), .recordABTest(let model, _, _, _),
            .recordCost(let model, _, _, _, _, _),
            .recordExplainability(let model, _, _, _, _, _, _),
            .setCardSection(let model, _, _, _), .reviewCard(let model, _), .recordFinding(let model, _, _, _, _, _, _),
            .remediateFinding(let model, _, _),
            .moveVersion(let model, _, _, _), .setTag(let model, _, _, _), .deleteTag(let model, _, _),
            .setAlias(let model, _, _), .deleteAlias(let model, _), .describe(let model, _, _), .rename(let model, _):
            model
        case .recordOpenLineage(let event):
            event.link.flatMap { ModelSlug(rawValue: $0.model) ?? ModelSlug(displayName: $0.model) }
        case .sequence(let commands): commands.lazy.compactMap(\.model).first
        case .castVote(let ballot, _, _): ballot.model
        case .adoptPolicy, .appointMember, .removeMember, .assignRole, .revokeRole,
            .registerFeature, .releaseFeatureVersion, .deprecateFeatureVersion, .releaseFeatureSet: nil
        }
    }

    /// The board the command names, if any.
    public var board: BoardName? {
        switch self {
        case .appointMember(let board, _, _, _), .removeMember(let board, _, _): board
        case .castVote(let ballot, _, _): ballot.board
        case .sequence(let commands): commands.lazy.compactMap(\.board).first
        default: nil
        }
    }

    /// Every model the command is about (several for a sequence).
    public var models: [ModelSlug] {
        if case .sequence(let commands) = self {
            var seen: [ModelSlug] = []
            for slug in commands.flatMap(\.models) where !seen.contains(slug) { seen.append(slug) }
            return seen
        }
        return model.map { [$0] } ?? []
    }

    /// Streams the command reads or appends to besides its model's and its board's: the namespace
    /// stream of an OpenLineage event linked to no model, feature and feature set streams.
    public var extraStreams: [StreamName] {
        switch self {
        case .recordOpenLineage(let event) where event.link == nil: [OpenLineageRecorded.stream(forNamespace: event.namespace)]
        case .registerFeature(let name, _, _, _, _, _, _, _): [name.featureStream]
        case .releaseFeatureVersion(let name, _, _, _), .deprecateFeatureVersion(let name, _, _, _): [name.featureStream]
        case .releaseFeatureSet(let name, _, let features, _): [name.featureSetStream] + features.keys.sorted().map(\.featureStream)
        case .registerVersion(_, _, let lineage):
            lineage.featureSetVersion.flatMap(FeatureSetReference.init).map { [$0.name.featureSetStream] } ?? []
        case .sequence(let commands): commands.flatMap(\.extraStreams)
        default: []
        }
    }
}
