public import LedgerCore

/// `model.version.transitioned`: a version moves from one lifecycle stage to another.
///
/// Stream `model/<slug>`. `cause` says why:
/// - `transition`: a move allowed by `lifecycle.transitions` whose guards held. A promotion to
///   production while another version is in production names that version in `counterpart`, and
///   the very next entry of the stream must be its `supersession`. A move whose guards include
///   `approvals` names the approval `request` it used, or, for a retrained version whose run
///   the policy's auto-approval rule approved, that run in `autoApproval`.
/// - `supersession`: the former production version leaving production (to deprecated), right
///   after the promotion named in `counterpart`.
/// - `rollback`: first the production version leaves (`lifecycle.rollback.from` → `.to`), naming
///   the version restored in `counterpart`; the very next entry of the stream returns that
///   previous production version (`.to` → `.from`), naming the first in `counterpart`.
///
/// ```json
/// {"cause":"transition","counterpart":"3.2.0","deployment":"API Gateway (us-east)","from":"approved",
///  "model":"fraud-detection-engine","policyDigest":"…","to":"production","version":"3.2.1"}
/// ```
public struct VersionTransitioned: GovernancePayload {
    public static let eventType = EventType.versionTransitioned

    public var model: ModelSlug
    public var version: SemanticVersion
    public var from: LifecycleStage
    public var to: LifecycleStage
    public var cause: TransitionCause
    /// The other version of a promotion, supersession or rollback.
    public var counterpart: SemanticVersion?
    /// The `seq` of the approval request this transition used, when its guards include `approvals`.
    public var request: Int?
    /// The `seq` of the `retraining.completed` entry whose auto-approval stood in for the
    /// approvals, when the guards include `approvals` and no approved request was there.
    public var autoApproval: Int?
    /// Where the version runs after the move, such as "API Gateway (us-east)".
    public var deployment: String?
    /// Why, in words.
    public var reason: String?
    public var policyDigest: SHA256Digest

    public init(
        model: ModelSlug, version: SemanticVersion, from: LifecycleStage, to: LifecycleStage, cause: TransitionCause,
        counterpart: SemanticVersion? = nil, request: Int? = nil, autoApproval: Int? = nil, deployment: String? = nil, reason: String? = nil,
        policyDigest: SHA256Digest
    ) {
        self.model = model
        self.version = version
        self.from = from
        self.to = to
        self.cause = cause
        self.counterpart = counterpart
        self.request = request
        self.autoApproval = autoApproval
        self.deployment = deployment
        self.reason = reason
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        from = try fields.stage("from")
        to = try fields.stage("to")
        cause = try fields.required("cause", "transition, supersession or rollback") { $0.stringValue.flatMap(TransitionCause.init(rawValue:)) }
        counterpart = try fields.optionalIdentifier("counterpart", SemanticVersion.self, "a version MAJOR.MINOR.PATCH")
        request = try fields.optionalInt("request")
        autoApproval = try fields.optionalInt("autoApproval")
        deployment = try fields.optionalString("deployment")
        reason = try fields.optionalString("reason")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "from": .string(from.rawValue),
            "to": .string(to.rawValue), "cause": .string(cause.rawValue), "policyDigest": .string(policyDigest.hex),
        ]
        object["counterpart"] = counterpart.map { .string($0.description) }
        object["request"] = request.map { .number(Double($0)) }
        object["autoApproval"] = autoApproval.map { .number(Double($0)) }
        object["deployment"] = deployment.map { .string($0) }
        object["reason"] = reason.map { .string($0) }
        return object
    }
}
