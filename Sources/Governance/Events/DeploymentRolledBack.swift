public import LedgerCore

/// `deployment.rolled_back`: a rollout is abandoned, after a report beyond the rollback criteria
/// (which it follows at once) or by hand. When the version is in production, the lifecycle
/// rollback follows in the same append: the version leaves production and the previous
/// production version returns.
public struct DeploymentRolledBack: GovernancePayload {
    public static let eventType = EventType.deploymentRolledBack

    public var model: ModelSlug
    public var version: SemanticVersion
    public var deployment: Int
    public var reason: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, deployment: Int, reason: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.deployment = deployment
        self.reason = reason
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        deployment = try fields.int("deployment")
        reason = try fields.string("reason")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "deployment": .number(Double(deployment)),
            "reason": .string(reason), "policyDigest": .string(policyDigest.hex),
        ]
    }
}
