public import LedgerCore

/// One entry of the governance event catalog, with its typed payload.
///
/// | type | stream | payload |
/// | --- | --- | --- |
/// | `policy.adopted` | `policy/<name>` | ``PolicyAdopted`` |
/// | `model.registered` | `model/<slug>` | ``ModelRegistered`` |
/// | `model.tier.changed` | `model/<slug>` | ``ModelTierChanged`` |
/// | `model.version.registered` | `model/<slug>` | ``VersionRegistered`` |
/// | `validation.recorded` | `model/<slug>` | ``ValidationRecorded`` |
/// | `approval.requested` | `model/<slug>` | ``ApprovalRequested`` |
/// | `approval.vote.cast` | `model/<slug>` | ``VoteCast`` |
/// | `approval.signoff.recorded` | `model/<slug>` | ``SignoffRecorded`` |
/// | `approval.decided` | `model/<slug>` | ``ApprovalDecided`` |
/// | `model.version.transitioned` | `model/<slug>` | ``VersionTransitioned`` |
/// | `board.member.appointed` | `board/<name>` | ``MemberAppointed`` |
/// | `board.member.removed` | `board/<name>` | ``MemberRemoved`` |
/// | `role.assigned` | `access/roles` | ``RoleAssigned`` |
/// | `role.revoked` | `access/roles` | ``RoleRevoked`` |
/// | `bias.test.recorded` | `model/<slug>` | ``BiasTestRecorded`` |
/// | `monitoring.snapshot.recorded` | `model/<slug>` | ``MonitoringSnapshotRecorded`` |
/// | `drift.alert.raised` | `model/<slug>` | ``DriftAlertRaised`` |
/// | `drift.alert.resolved` | `model/<slug>` | ``DriftAlertResolved`` |
/// | `retraining.triggered` | `model/<slug>` | ``RetrainingTriggered`` |
/// | `retraining.completed` | `model/<slug>` | ``RetrainingCompleted`` |
/// | `deployment.started` | `model/<slug>` | ``DeploymentStarted`` |
/// | `deployment.step.advanced` | `model/<slug>` | ``DeploymentStepAdvanced`` |
/// | `deployment.reported` | `model/<slug>` | ``DeploymentReported`` |
/// | `deployment.rolled_back` | `model/<slug>` | ``DeploymentRolledBack`` |
/// | `ab.test.recorded` | `model/<slug>` | ``ABTestRecorded`` |
/// | `cost.recorded` | `model/<slug>` | ``CostRecorded`` |
/// | `explainability.recorded` | `model/<slug>` | ``ExplainabilityRecorded`` |
/// | `modelcard.section.set` | `model/<slug>` | ``ModelCardSectionSet`` |
/// | `modelcard.reviewed` | `model/<slug>` | ``ModelCardReviewed`` |
/// | `audit.finding.recorded` | `model/<slug>` | ``AuditFindingRecorded`` |
/// | `audit.finding.remediated` | `model/<slug>` | ``AuditFindingRemediated`` |
/// | `model.tag.set` | `model/<slug>` | ``ModelTagSet`` |
/// | `model.tag.deleted` | `model/<slug>` | ``ModelTagDeleted`` |
/// | `model.alias.set` | `model/<slug>` | ``ModelAliasSet`` |
/// | `model.alias.deleted` | `model/<slug>` | ``ModelAliasDeleted`` |
/// | `model.description.set` | `model/<slug>` | ``ModelDescriptionSet`` |
/// | `model.renamed` | `model/<slug>` | ``ModelRenamed`` |
/// | `openlineage.event.recorded` | `model/<slug>` or `openlineage/<namespace>` | ``OpenLineageRecorded`` |
/// | `feature.registered` | `feature/<name>` | ``FeatureRegistered`` |
/// | `feature.version.released` | `feature/<name>` | ``FeatureVersionReleased`` |
/// | `feature.version.deprecated` | `feature/<name>` | ``FeatureVersionDeprecated`` |
/// | `featureset.released` | `featureset/<name>` | ``FeatureSetReleased`` |
///
/// Types outside the catalog are not governance events: ``decode(type:payload:)`` returns `nil`
/// for them, and the registry and the rule checker pass over them.
public enum GovernanceEvent: Hashable, Sendable {
    case policyAdopted(PolicyAdopted)
    case modelRegistered(ModelRegistered)
    case tierChanged(ModelTierChanged)
    case versionRegistered(VersionRegistered)
    case validationRecorded(ValidationRecorded)
    case approvalRequested(ApprovalRequested)
    case voteCast(VoteCast)
    case signoffRecorded(SignoffRecorded)
    case approvalDecided(ApprovalDecided)
    case versionTransitioned(VersionTransitioned)
    case memberAppointed(MemberAppointed)
    case memberRemoved(MemberRemoved)
    case roleAssigned(RoleAssigned)
    case roleRevoked(RoleRevoked)
    case biasTestRecorded(BiasTestRecorded)
    case snapshotRecorded(MonitoringSnapshotRecorded)
    case alertRaised(DriftAlertRaised)
    case alertResolved(DriftAlertResolved)
    case retrainingTriggered(RetrainingTriggered)
    case retrainingCompleted(RetrainingCompleted)
    case deploymentStarted(DeploymentStarted)
    case deploymentAdvanced(DeploymentStepAdvanced)
    case deploymentReported(DeploymentReported)
    case deploymentRolledBack(DeploymentRolledBack)
    case abTestRecorded(ABTestRecorded)
    case costRecorded(CostRecorded)
    case explainabilityRecorded(ExplainabilityRecorded)
    case cardSectionSet(ModelCardSectionSet)
    case cardReviewed(ModelCardReviewed)
    case findingRecorded(AuditFindingRecorded)
    case findingRemediated(AuditFindingRemediated)
    case tagSet(ModelTagSet)
    case tagDeleted(ModelTagDeleted)
    case aliasSet(ModelAliasSet)
    case aliasDeleted(ModelAliasDeleted)
    case descriptionSet(ModelDescriptionSet)
    case renamed(ModelRenamed)
    case openLineageRecorded(OpenLineageRecorded)
    case featureRegistered(FeatureRegistered)
    case featureVersionReleased(FeatureVersionReleased)
    case featureVersionDeprecated(FeatureVersionDeprecated)
    case featureSetReleased(FeatureSetReleased)

    /// Every event type of the catalog.
    public static let catalog: [EventType] = [
        .policyAdopted, .modelRegistered, .modelTierChanged, .versionRegistered, .validationRecorded, .approvalRequested,
        .voteCast, .signoffRecorded, .approvalDecided, .versionTransitioned, .memberAppointed, .memberRemoved,
        .roleAssigned, .roleRevoked, .biasTestRecorded, .monitoringSnapshotRecorded, .driftAlertRaised, .driftAlertResolved,
        .retrainingTriggered, .retrainingCompleted, .deploymentStarted, .deploymentStepAdvanced, .deploymentReported,
        .deploymentRolledBack, .abTestRecorded, .costRecorded, .explainabilityRecorded,
        .modelCardSectionSet, .modelCardReviewed, .auditFindingRecorded, .auditFindingRemediated,
        .modelTagSet, .modelTagDeleted, .modelAliasSet, .modelAliasDeleted, .modelDescriptionSet, .modelRenamed,
        .openLineageRecorded, .featureRegistered, .featureVersionReleased, .featureVersionDeprecated, .featureSetReleased,
    ]

    /// Reads a payload of a catalog type; `nil` when `type` is not in the catalog.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` naming the field that breaks the catalog.
    /// - Parameter policies: a cache of policies already read, for `policy.adopted` entries.
    public static func decode(type: EventType, payload: JSONObject, policies: PolicyCache? = nil) throws(LedgerError) -> GovernanceEvent? {
        switch type {
        case .policyAdopted: .policyAdopted(try PolicyAdopted(payload: payload, cache: policies))
        case .modelRegistered: .modelRegistered(try ModelRegistered(payload: payload))
        case .modelTierChanged: .tierChanged(try ModelTierChanged(payload: payload))
        case .versionRegistered: .versionRegistered(try VersionRegistered(payload: payload))
        case .validationRecorded: .validationRecorded(try ValidationRecorded(payload: payload))
        case .approvalRequested: .approvalRequested(try ApprovalRequested(payload: payload))
        case .voteCast: .voteCast(try VoteCast(payload: payload))
        case .signoffRecorded: .signoffRecorded(try SignoffRecorded(payload: payload))
        case .approvalDecided: .approvalDecided(try ApprovalDecided(payload: payload))
        case .versionTransitioned: .versionTransitioned(try VersionTransitioned(payload: payload))
        case .memberAppointed: .memberAppointed(try MemberAppointed(payload: payload))
        case .memberRemoved: .memberRemoved(try MemberRemoved(payload: payload))
        case .roleAssigned: .roleAssigned(try RoleAssigned(payload: payload))
        case .roleRevoked: .roleRevoked(try RoleRevoked(payload: payload))
        case .biasTestRecorded: .biasTestRecorded(try BiasTestRecorded(payload: payload))
        case .monitoringSnapshotRecorded: .snapshotRecorded(try MonitoringSnapshotRecorded(payload: payload))
        case .driftAlertRaised: .alertRaised(try DriftAlertRaised(payload: payload))
        case .driftAlertResolved: .alertResolved(try DriftAlertResolved(payload: payload))
        case .retrainingTriggered: .retrainingTriggered(try RetrainingTriggered(payload: payload))
        case .retrainingCompleted: .retrainingCompleted(try RetrainingCompleted(payload: payload))
        case .deploymentStarted: .deploymentStarted(try DeploymentStarted(payload: payload))
        case .deploymentStepAdvanced: .deploymentAdvanced(try DeploymentStepAdvanced(payload: payload))
        case .deploymentReported: .deploymentReported(try DeploymentReported(payload: payload))
        case .deploymentRolledBack: .deploymentRolledBack(try DeploymentRolledBack(payload: payload))
        case .abTestRecorded: .abTestRecorded(try ABTestRecorded(payload: payload))
        case .costRecorded: .costRecorded(try CostRecorded(payload: payload))
        case .explainabilityRecorded: .explainabilityRecorded(try ExplainabilityRecorded(payload: payload))
        case .modelCardSectionSet: .cardSectionSet(try ModelCardSectionSet(payload: payload))
        case .modelCardReviewed: .cardReviewed(try ModelCardReviewed(payload: payload))
        case .auditFindingRecorded: .findingRecorded(try AuditFindingRecorded(payload: payload))
        case .auditFindingRemediated: .findingRemediated(try AuditFindingRemediated(payload: payload))
        case .modelTagSet: .tagSet(try ModelTagSet(payload: payload))
        case .modelTagDeleted: .tagDeleted(try ModelTagDeleted(payload: payload))
        case .modelAliasSet: .aliasSet(try ModelAliasSet(payload: payload))
        case .modelAliasDeleted: .aliasDeleted(try ModelAliasDeleted(payload: payload))
        case .modelDescriptionSet: .descriptionSet(try ModelDescriptionSet(payload: payload))
        case .modelRenamed: .renamed(try ModelRenamed(payload: payload))
        case .openLineageRecorded: .openLineageRecorded(try OpenLineageRecorded(payload: payload))
        case .featureRegistered: .featureRegistered(try FeatureRegistered(payload: payload))
        case .featureVersionReleased: .featureVersionReleased(try FeatureVersionReleased(payload: payload))
        case .featureVersionDeprecated: .featureVersionDeprecated(try FeatureVersionDeprecated(payload: payload))
        case .featureSetReleased: .featureSetReleased(try FeatureSetReleased(payload: payload))
        default: nil
        }
    }

    /// The event's type.
    public var type: EventType {
        switch self {
        case .policyAdopted: .policyAdopted
        case .modelRegistered: .modelRegistered
        case .tierChanged: .modelTierChanged
        case .versionRegistered: .versionRegistered
        case .validationRecorded: .validationRecorded
        case .approvalRequested: .approvalRequested
        case .voteCast: .voteCast
        case .signoffRecorded: .signoffRecorded
        case .approvalDecided: .approvalDecided
        case .versionTransitioned: .versionTransitioned
        case .memberAppointed: .memberAppointed
        case .memberRemoved: .memberRemoved
        case .roleAssigned: .roleAssigned
        case .roleRevoked: .roleRevoked
        case .biasTestRecorded: .biasTestRecorded
        case .snapshotRecorded: .monitoringSnapshotRecorded
        case .alertRaised: .driftAlertRaised
        case .alertResolved: .driftAlertResolved
        case .retrainingTriggered: .retrainingTriggered
        case .retrainingCompleted: .retrainingCompleted
        case .deploymentStarted: .deploymentStarted
        case .deploymentAdvanced: .deploymentStepAdvanced
        case .deploymentReported: .deploymentReported
        case .deploymentRolledBack: .deploymentRolledBack
        case .abTestRecorded: .abTestRecorded
        case .costRecorded: .costRecorded
        case .explainabilityRecorded: .explainabilityRecorded
        case .cardSectionSet: .modelCardSectionSet
        case .cardReviewed: .modelCardReviewed
        case .findingRecorded: .auditFindingRecorded
        case .findingRemediated: .auditFindingRemediated
        case .tagSet: .modelTagSet
        case .tagDeleted: .modelTagDeleted
        case .aliasSet: .modelAliasSet
        case .aliasDeleted: .modelAliasDeleted
        case .descriptionSet: .modelDescriptionSet
        case .renamed: .modelRenamed
        case .openLineageRecorded: .openLineageRecorded
        case .featureRegistered: .featureRegistered
        case .featureVersionReleased: .featureVersionReleased
        case .featureVersionDeprecated: .featureVersionDeprecated
        case .featureSetReleased: .featureSetReleased
        }
    }

    /// The payload to store.
    public var payload: JSONObject {
        switch self {
        case .policyAdopted(let e): e.payload
        case .modelRegistered(let e): e.payload
        case .tierChanged(let e): e.payload
        case .versionRegistered(let e): e.payload
        case .validationRecorded(let e): e.payload
        case .approvalRequested(let e): e.payload
        case .voteCast(let e): e.payload
        case .signoffRecorded(let e): e.payload
        case .approvalDecided(let e): e.payload
        case .versionTransitioned(let e): e.payload
        case .memberAppointed(let e): e.payload
        case .memberRemoved(let e): e.payload
        case .roleAssigned(let e): e.payload
        case .roleRevoked(let e): e.payload
        case .biasTestRecorded(let e): e.payload
        case .snapshotRecorded(let e): e.payload
        case .alertRaised(let e): e.payload
        case .alertResolved(let e): e.payload
        case .retrainingTriggered(let e): e.payload
        case .retrainingCompleted(let e): e.payload
        case .deploymentStarted(let e): e.payload
        case .deploymentAdvanced(let e): e.payload
        case .deploymentReported(let e): e.payload
        case .deploymentRolledBack(let e): e.payload
        case .abTestRecorded(let e): e.payload
        case .costRecorded(let e): e.payload
        case .explainabilityRecorded(let e): e.payload
        case .cardSectionSet(let e): e.payload
        case .cardReviewed(let e): e.payload
        case .findingRecorded(let e): e.payload
        case .findingRemediated(let e): e.payload
        case .tagSet(let e): e.payload
        case .tagDeleted(let e): e.payload
        case .aliasSet(let e): e.payload
        case .aliasDeleted(let e): e.payload
        case .descriptionSet(let e): e.payload
        case .renamed(let e): e.payload
        case .openLineageRecorded(let e): e.payload
        case .featureRegistered(let e): e.payload
        case .featureVersionReleased(let e): e.payload
        case .featureVersionDeprecated(let e): e.payload
        case .featureSetReleased(let e): e.payload
        }
    }

    /// The stream the event belongs on.
    public var stream: StreamName {
        switch self {
        case .policyAdopted(let e): PolicyAdoption.stream(for: e.policy.name)
        case .memberAppointed(let e): .board(e.board)
        case .memberRemoved(let e): .board(e.board)
        case .roleAssigned, .roleRevoked: .roles
        case .openLineageRecorded(let e): e.stream
        case .featureRegistered(let e): e.feature.featureStream
        case .featureVersionReleased(let e): e.feature.featureStream
        case .featureVersionDeprecated(let e): e.feature.featureStream
        case .featureSetReleased(let e): e.featureSet.featureSetStream
        default: model!.stream
        }
    }

    /// The model a model-stream event is about.
    public var model: ModelSlug? {
        switch self {
        case .modelRegistered(let e): e.model
        case .tierChanged(let e): e.model
        case .versionRegistered(let e): e.model
        case .validationRecorded(let e): e.model
        case .approvalRequested(let e): e.model
        case .voteCast(let e): e.ballot.model
        case .signoffRecorded(let e): e.model
        case .approvalDecided(let e): e.model
        case .versionTransitioned(let e): e.model
        case .biasTestRecorded(let e): e.model
        case .snapshotRecorded(let e): e.model
        case .alertRaised(let e): e.model
        case .alertResolved(let e): e.model
        case .retrainingTriggered(let e): e.model
        case .retrainingCompleted(let e): e.model
        case .deploymentStarted(let e): e.model
        case .deploymentAdvanced(let e): e.model
        case .deploymentReported(let e): e.model
        case .deploymentRolledBack(let e): e.model
        case .abTestRecorded(let e): e.model
        case .costRecorded(let e): e.model
        case .explainabilityRecorded(let e): e.model
        case .cardSectionSet(let e): e.model
        case .cardReviewed(let e): e.model
        case .findingRecorded(let e): e.model
        case .findingRemediated(let e): e.model
        case .tagSet(let e): e.model
        case .tagDeleted(let e): e.model
        case .aliasSet(let e): e.model
        case .aliasDeleted(let e): e.model
        case .descriptionSet(let e): e.model
        case .renamed(let e): e.model
        case .openLineageRecorded(let e): e.model
        case .policyAdopted, .memberAppointed, .memberRemoved, .roleAssigned, .roleRevoked,
            .featureRegistered, .featureVersionReleased, .featureVersionDeprecated, .featureSetReleased: nil
        }
    }

    /// The policy digest the event names; `nil` for `policy.adopted`, which carries its own.
    public var policyDigest: SHA256Digest? {
        switch self {
        case .policyAdopted: nil
        case .modelRegistered(let e): e.policyDigest
        case .tierChanged(let e): e.policyDigest
        case .versionRegistered(let e): e.policyDigest
        case .validationRecorded(let e): e.policyDigest
        case .approvalRequested(let e): e.policyDigest
        case .voteCast(let e): e.policyDigest
        case .signoffRecorded(let e): e.policyDigest
        case .approvalDecided(let e): e.policyDigest
        case .versionTransitioned(let e): e.policyDigest
        case .memberAppointed(let e): e.policyDigest
        case .memberRemoved(let e): e.policyDigest
        case .roleAssigned(let e): e.policyDigest
        case .roleRevoked(let e): e.policyDigest
        case .biasTestRecorded(let e): e.policyDigest
        case .snapshotRecorded(let e): e.policyDigest
        case .alertRaised(let e): e.policyDigest
        case .alertResolved(let e): e.policyDigest
        case .retrainingTriggered(let e): e.policyDigest
        case .retrainingCompleted(let e): e.policyDigest
        case .deploymentStarted(let e): e.policyDigest
        case .deploymentAdvanced(let e): e.policyDigest
        case .deploymentReported(let e): e.policyDigest
        case .deploymentRolledBack(let e): e.policyDigest
        case .abTestRecorded(let e): e.policyDigest
        case .costRecorded(let e): e.policyDigest
        case .explainabilityRecorded(let e): e.policyDigest
        case .cardSectionSet(let e): e.policyDigest
        case .cardReviewed(let e): e.policyDigest
        case .findingRecorded(let e): e.policyDigest
        case .findingRemediated(let e): e.policyDigest
        case .tagSet(let e): e.policyDigest
        case .tagDeleted(let e): e.policyDigest
        case .aliasSet(let e): e.policyDigest
        case .aliasDeleted(let e): e.policyDigest
        case .descriptionSet(let e): e.policyDigest
        case .renamed(let e): e.policyDigest
        case .openLineageRecorded(let e): e.policyDigest
        case .featureRegistered(let e): e.policyDigest
        case .featureVersionReleased(let e): e.policyDigest
        case .featureVersionDeprecated(let e): e.policyDigest
        case .featureSetReleased(let e): e.policyDigest
        }
    }
}
