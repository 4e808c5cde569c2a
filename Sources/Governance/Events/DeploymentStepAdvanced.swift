public import LedgerCore

/// `deployment.step.advanced`: the active rollout moves to its next traffic step.
public struct DeploymentStepAdvanced: GovernancePayload {
    public static let eventType = EventType.deploymentStepAdvanced

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The seq of the `deployment.started` entry.
    public var deployment: Int
    /// The index of the new step in the deployment's steps.
    public var step: Int
    public var traffic: Double
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, deployment: Int, step: Int, traffic: Double, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.deployment = deployment
        self.step = step
        self.traffic = traffic
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        deployment = try fields.int("deployment")
        step = try fields.int("step")
        traffic = try fields.required("traffic", "a traffic share from 0 to 1") { $0.numberValue.flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "deployment": .number(Double(deployment)),
            "step": .number(Double(step)), "traffic": .number(traffic), "policyDigest": .string(policyDigest.hex),
        ]
    }
}
