public import LedgerCore

/// `deployment.reported`: metrics observed during a rollout, judged against the policy's
/// `deployment.rollback_criteria`. A breach (error rate above `errorRateAbove` or accuracy drop
/// above `accuracyDropAbove`) is followed at once by `deployment.rolled_back`.
public struct DeploymentReported: GovernancePayload {
    public static let eventType = EventType.deploymentReported

    public var model: ModelSlug
    public var version: SemanticVersion
    public var deployment: Int
    public var errorRate: Double
    public var accuracyDrop: Double
    /// For shadow deployments: the share of requests where the new version agreed with production.
    public var agreementRate: Double?
    public var errorRateAbove: Double
    public var accuracyDropAbove: Double
    /// Computed: whether a rollback criterion is met.
    public var breached: Bool
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, deployment: Int, errorRate: Double, accuracyDrop: Double, agreementRate: Double?, errorRateAbove: Double, accuracyDropAbove: Double, breached: Bool, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.deployment = deployment
        self.errorRate = errorRate
        self.accuracyDrop = accuracyDrop
        self.agreementRate = agreementRate
        self.errorRateAbove = errorRateAbove
        self.accuracyDropAbove = accuracyDropAbove
        self.breached = breached
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        deployment = try fields.int("deployment")
        errorRate = try fields.required("errorRate", "a rate from 0 to 1") { $0.numberValue.flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } }
        accuracyDrop = try fields.required("accuracyDrop", "a number from -1 to 1") { $0.numberValue.flatMap { $0 >= -1 && $0 <= 1 ? $0 : nil } }
        agreementRate = try fields.optional("agreementRate", "a rate from 0 to 1") { $0.numberValue.flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } }
        errorRateAbove = try fields.required("errorRateAbove", "a number") { $0.numberValue }
        accuracyDropAbove = try fields.required("accuracyDropAbove", "a number") { $0.numberValue }
        breached = try fields.required("breached", "true or false") { $0.boolValue }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "deployment": .number(Double(deployment)),
            "errorRate": .number(errorRate), "accuracyDrop": .number(accuracyDrop), "errorRateAbove": .number(errorRateAbove),
            "accuracyDropAbove": .number(accuracyDropAbove), "breached": .bool(breached), "policyDigest": .string(policyDigest.hex),
        ]
        object["agreementRate"] = agreementRate.map { .number($0) }
        return object
    }
}
