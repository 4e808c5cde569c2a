public import LedgerCore

/// `model.registered`: a model enters the registry.
///
/// Stream `model/<slug>`; the first entry of the stream. The slug is derived from `name`
/// (``ModelSlug/init(displayName:)``); `tier` must be defined by the policy in force.
///
/// ```json
/// {"framework":"XGBoost","model":"fraud-detection-engine","name":"Fraud Detection Engine",
///  "owner":"Risk Team","policyDigest":"…","purpose":"Score card transactions for fraud","tier":1}
/// ```
public struct ModelRegistered: GovernancePayload {
    public static let eventType = EventType.modelRegistered

    /// The slug, derived from ``name``.
    public var model: ModelSlug
    /// The display name, such as "Fraud Detection Engine".
    public var name: String
    /// The owning team, such as "Risk Team".
    public var owner: String
    /// The framework, such as "XGBoost".
    public var framework: String
    /// The risk tier.
    public var tier: RiskTier
    /// What the model is for.
    public var purpose: String
    /// The digest of the policy in force.
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, name: String, owner: String, framework: String, tier: RiskTier, purpose: String, policyDigest: SHA256Digest) {
        self.model = model
        self.name = name
        self.owner = owner
        self.framework = framework
        self.tier = tier
        self.purpose = purpose
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        name = try fields.string("name")
        owner = try fields.string("owner")
        framework = try fields.string("framework")
        tier = try fields.tier("tier")
        purpose = try fields.string("purpose")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "name": .string(name), "owner": .string(owner),
            "framework": .string(framework), "tier": .number(Double(tier.rawValue)), "purpose": .string(purpose),
            "policyDigest": .string(policyDigest.hex),
        ]
    }
}

/// `model.tier.changed`: a model is reclassified to another risk tier.
///
/// Stream `model/<slug>`. `from` must be the model's tier, `to` another tier the policy defines.
/// Later decisions use the new tier's approvals, suites and retention; the entry itself takes
/// the longer retention of the two tiers.
///
/// ```json
/// {"from":3,"model":"nlp-intent-classifier","policyDigest":"…","reason":"Now answers customers directly","to":2}
/// ```
public struct ModelTierChanged: GovernancePayload {
    public static let eventType = EventType.modelTierChanged

    public var model: ModelSlug
    /// The tier before the change.
    public var from: RiskTier
    /// The tier after the change.
    public var to: RiskTier
    /// Why the model was reclassified.
    public var reason: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, from: RiskTier, to: RiskTier, reason: String, policyDigest: SHA256Digest) {
        self.model = model
        self.from = from
        self.to = to
        self.reason = reason
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        from = try fields.tier("from")
        to = try fields.tier("to")
        reason = try fields.string("reason")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "from": .number(Double(from.rawValue)), "to": .number(Double(to.rawValue)),
            "reason": .string(reason), "policyDigest": .string(policyDigest.hex),
        ]
    }
}
