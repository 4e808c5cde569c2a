import LedgerCore

/// The documentation, bias-testing, explainability, lineage and audit duties of one tier.
///
/// Seed, "Governance requirements by tier": Tier 1 comprehensive model card reviewed quarterly,
/// mandatory bias testing before deployment with a quarterly retest, SHAP + LIME +
/// counterfactual explanations, quarterly retraining review, full lineage, annual audit of
/// every model; Tier 2 standard card reviewed annually, bias testing recommended with an annual
/// retest, monthly evaluation, standard lineage, 20% of models audited yearly; Tier 3
/// lightweight card updated at deployment, no bias testing, quarterly evaluation, basic lineage.
public struct TierGovernance: Hashable, Sendable {
    /// The depth of the model card.
    public enum ModelCard: String, Hashable, Sendable, CaseIterable { case comprehensive, standard, lightweight }
    /// Whether bias testing is required.
    public enum BiasTesting: String, Hashable, Sendable, CaseIterable {
        /// Required before deployment.
        case mandatory
        /// Expected but not enforced.
        case recommended
        /// Not required.
        case notRequired = "not_required"
    }
    /// The depth of the lineage recorded.
    public enum Lineage: String, Hashable, Sendable, CaseIterable { case full, standard, basic }

    /// The model card depth.
    public let modelCard: ModelCard
    /// How often the card is reviewed; `nil`: updated at each deployment only.
    public let modelCardReviewEvery: PolicyDuration?
    /// The bias testing duty.
    public let biasTesting: BiasTesting
    /// How often bias tests are repeated in production, if at all.
    public let biasRetestEvery: PolicyDuration?
    /// The protected classes bias tests cover.
    public let protectedClasses: [String]
    /// The explanations required, for people.
    public let explainability: String
    /// How often a production model's retraining is reviewed.
    public let retrainingReviewEvery: PolicyDuration
    /// The lineage depth.
    public let lineage: Lineage
    /// How often sampled models are audited, if at all.
    public let auditEvery: PolicyDuration?
    /// The share of the tier's models audited each period, 0…1.
    public let auditSampleRate: Double

    /// Reads the tier's governance duties.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let card = fields.required("model_card") { $0.choice(ModelCard.self) }
        let cardReview = fields.optional("model_card_review_every") { $0.duration() }
        let bias = fields.required("bias_testing") { $0.choice(BiasTesting.self) }
        let biasRetest = fields.optional("bias_retest_every") { $0.duration() }
        let classes = fields.required("protected_classes") { $0.uniqueList { $0.string() } }
        let explainability = fields.required("explainability") { $0.string() }
        let review = fields.required("retraining_review_every") { $0.duration() }
        let lineage = fields.required("lineage") { $0.choice(Lineage.self) }
        let auditEvery = fields.optional("audit_every") { $0.duration() }
        let sampleRate = fields.required("audit_sample_rate") { $0.rate() }
        guard let card, let bias, let classes, let explainability, let review, let lineage, let sampleRate else { return nil }
        if bias == .mandatory, classes.isEmpty {
            fields.node(of: "protected_classes").report("mandatory bias testing needs the protected classes it covers, such as [race, gender, age]")
            return nil
        }
        if sampleRate > 0, auditEvery == nil {
            fields.node(of: "audit_sample_rate").report("an audit sample rate above 0 needs audit_every, such as 1y")
            return nil
        }
        modelCard = card
        modelCardReviewEvery = cardReview
        biasTesting = bias
        biasRetestEvery = biasRetest
        protectedClasses = classes
        self.explainability = explainability
        retrainingReviewEvery = review
        self.lineage = lineage
        self.auditEvery = auditEvery
        auditSampleRate = sampleRate
    }

    /// The canonical form, mirroring the YAML keys; absent optional durations are left out.
    var canonicalJSON: JSONValue {
        var object: JSONObject = [
            "model_card": .string(modelCard.rawValue),
            "bias_testing": .string(biasTesting.rawValue),
            "protected_classes": .array(protectedClasses.map { .string($0) }),
            "explainability": .string(explainability),
            "retraining_review_every": .string(retrainingReviewEvery.rawValue),
            "lineage": .string(lineage.rawValue),
            "audit_sample_rate": .number(auditSampleRate),
        ]
        object["model_card_review_every"] = modelCardReviewEvery.map { .string($0.rawValue) }
        object["bias_retest_every"] = biasRetestEvery.map { .string($0.rawValue) }
        object["audit_every"] = auditEvery.map { .string($0.rawValue) }
        return .object(object)
    }
}
