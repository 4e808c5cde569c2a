public import LedgerCore

/// A typed event payload of the governance catalog (see `docs/events.md`).
///
/// Each payload converts strictly in both directions: ``init(payload:)`` refuses a missing
/// field, a field of the wrong type and any field the catalog does not define, naming the field;
/// ``payload`` gives back the JSON object stored in the ledger.
public protocol GovernancePayload: Hashable, Sendable {
    /// The event type this payload belongs to.
    static var eventType: EventType { get }
    /// Reads a stored payload.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` naming the event type and the field.
    init(payload: JSONObject) throws(LedgerError)
    /// The JSON object to store.
    var payload: JSONObject { get }
}

extension EventType {
    static func known(_ text: String) -> EventType {
        guard let type = EventType(rawValue: text) else { preconditionFailure("bad event type literal \(text)") }
        return type
    }

    /// `model.registered` on `model/<slug>`.
    public static let modelRegistered = known("model.registered")
    /// `model.tier.changed` on `model/<slug>`.
    public static let modelTierChanged = known("model.tier.changed")
    /// `model.version.registered` on `model/<slug>`.
    public static let versionRegistered = known("model.version.registered")
    /// `validation.recorded` on `model/<slug>`.
    public static let validationRecorded = known("validation.recorded")
    /// `approval.requested` on `model/<slug>`.
    public static let approvalRequested = known("approval.requested")
    /// `approval.vote.cast` on `model/<slug>`.
    public static let voteCast = known("approval.vote.cast")
    /// `approval.signoff.recorded` on `model/<slug>`.
    public static let signoffRecorded = known("approval.signoff.recorded")
    /// `approval.decided` on `model/<slug>`.
    public static let approvalDecided = known("approval.decided")
    /// `model.version.transitioned` on `model/<slug>`.
    public static let versionTransitioned = known("model.version.transitioned")
    /// `board.member.appointed` on `board/<name>`.
    public static let memberAppointed = known("board.member.appointed")
    /// `board.member.removed` on `board/<name>`.
    public static let memberRemoved = known("board.member.removed")
    /// `role.assigned` on `access/roles`.
    public static let roleAssigned = known("role.assigned")
    /// `role.revoked` on `access/roles`.
    public static let roleRevoked = known("role.revoked")
    /// `bias.test.recorded` on `model/<slug>`.
    public static let biasTestRecorded = known("bias.test.recorded")
    /// `monitoring.snapshot.recorded` on `model/<slug>`.
    public static let monitoringSnapshotRecorded = known("monitoring.snapshot.recorded")
    /// `drift.alert.raised` on `model/<slug>`.
    public static let driftAlertRaised = known("drift.alert.raised")
    /// `drift.alert.resolved` on `model/<slug>`.
    public static let driftAlertResolved = known("drift.alert.resolved")
    /// `retraining.triggered` on `model/<slug>`.
    public static let retrainingTriggered = known("retraining.triggered")
    /// `retraining.completed` on `model/<slug>`.
    public static let retrainingCompleted = known("retraining.completed")
    /// `deployment.started` on `model/<slug>`.
    public static let deploymentStarted = known("deployment.started")
    /// `deployment.step.advanced` on `model/<slug>`.
    public static let deploymentStepAdvanced = known("deployment.step.advanced")
    /// `deployment.reported` on `model/<slug>`.
    public static let deploymentReported = known("deployment.reported")
    /// `deployment.rolled_back` on `model/<slug>`.
    public static let deploymentRolledBack = known("deployment.rolled_back")
    /// `ab.test.recorded` on `model/<slug>`.
    public static let abTestRecorded = known("ab.test.recorded")
    /// `cost.recorded` on `model/<slug>`.
    public static let costRecorded = known("cost.recorded")
    /// `explainability.recorded` on `model/<slug>`.
    public static let explainabilityRecorded = known("explainability.recorded")
    /// `modelcard.section.set` on `model/<slug>`.
    public static let modelCardSectionSet = known("modelcard.section.set")
    /// `modelcard.reviewed` on `model/<slug>`.
    public static let modelCardReviewed = known("modelcard.reviewed")
    /// `audit.finding.recorded` on `model/<slug>`.
    public static let auditFindingRecorded = known("audit.finding.recorded")
    /// `audit.finding.remediated` on `model/<slug>`.
    public static let auditFindingRemediated = known("audit.finding.remediated")
    /// `policy.adopted` on `policy/<name>`.
    public static let policyAdopted = known("policy.adopted")
    /// `model.tag.set` on `model/<slug>`.
    public static let modelTagSet = known("model.tag.set")
    /// `model.tag.deleted` on `model/<slug>`.
    public static let modelTagDeleted = known("model.tag.deleted")
    /// `model.alias.set` on `model/<slug>`.
    public static let modelAliasSet = known("model.alias.set")
    /// `model.alias.deleted` on `model/<slug>`.
    public static let modelAliasDeleted = known("model.alias.deleted")
    /// `model.description.set` on `model/<slug>`.
    public static let modelDescriptionSet = known("model.description.set")
    /// `model.renamed` on `model/<slug>`.
    public static let modelRenamed = known("model.renamed")
    /// `openlineage.event.recorded` on `model/<slug>` (linked to a version) or `openlineage/<namespace>`.
    public static let openLineageRecorded = known("openlineage.event.recorded")
}

extension StreamName {
    /// `access/roles`: role assignments and revocations.
    public static let roles: StreamName = {
        guard let stream = StreamName(rawValue: "access/roles") else { preconditionFailure("bad stream literal") }
        return stream
    }()

    /// `board/<name>`: a review board's membership.
    public static func board(_ name: BoardName) -> StreamName {
        guard let stream = StreamName(rawValue: "board/" + name.rawValue) else {
            preconditionFailure("a board name is always a valid stream segment")
        }
        return stream
    }
}
