public import LedgerCore

/// `retraining.completed`: the outcome of one retraining run, its metric deltas against the
/// production version, its cost and duration, and the auto-approval rule evaluated on it.
///
/// Stream `model/<slug>`. The caller gives the outcome, the retrained version (for `promoted`
/// and `kept`), the reason (for `failed`), cost and duration; the ledger computes `deltas`
/// (candidate − production lineage metrics) and `autoApproval` (``RetrainingEvaluator``) from
/// the registry, and the rule checker recomputes both.
public struct RetrainingCompleted: GovernancePayload {
    public static let eventType = EventType.retrainingCompleted

    /// How a run ended.
    public enum Outcome: String, Hashable, Sendable, CaseIterable {
        /// The retrained version is put forward for promotion.
        case promoted
        /// The retrained version is kept out: no sufficient improvement.
        case kept
        /// The run failed.
        case failed
    }

    public var model: ModelSlug
    public var version: SemanticVersion?
    public var outcome: Outcome
    public var reason: String?
    /// The production version compared against, if any.
    public var production: SemanticVersion?
    /// Candidate − production, per lineage metric both carry.
    public var deltas: [MetricName: Double]
    public var costUSD: Double
    public var durationHours: Double
    /// What promoting would have cost (rollout, validation); counted as saved when not promoted.
    public var promotionCostUSD: Double?
    /// The auto-approval rule, evaluated.
    public var autoApproval: RetrainingEvaluator.AutoApproval
    public var policyDigest: SHA256Digest

    public init(
        model: ModelSlug, version: SemanticVersion?, outcome: Outcome, reason: String?, production: SemanticVersion?, deltas: [MetricName: Double],
        costUSD: Double, durationHours: Double, promotionCostUSD: Double?, autoApproval: RetrainingEvaluator.AutoApproval, policyDigest: SHA256Digest
    ) {
        self.model = model
        self.version = version
        self.outcome = outcome
        self.reason = reason
        self.production = production
        self.deltas = deltas
        self.costUSD = costUSD
        self.durationHours = durationHours
        self.promotionCostUSD = promotionCostUSD
        self.autoApproval = autoApproval
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.optionalIdentifier("version", SemanticVersion.self, "a version MAJOR.MINOR.PATCH")
        outcome = try fields.required("outcome", "promoted, kept or failed") { $0.stringValue.flatMap(Outcome.init(rawValue:)) }
        reason = try fields.optionalString("reason")
        production = try fields.optionalIdentifier("production", SemanticVersion.self, "a version MAJOR.MINOR.PATCH")
        deltas = try fields.required("deltas", "an object of metric name → number") { value -> [MetricName: Double]? in
            guard let object = value.objectValue else { return nil }
            var result: [MetricName: Double] = [:]
            for member in object {
                guard let name = MetricName(rawValue: member.key), let number = member.value.numberValue else { return nil }
                result[name] = number
            }
            return result
        }
        costUSD = try fields.required("costUSD", "a number of 0 or more") { $0.numberValue.flatMap { $0 >= 0 ? $0 : nil } }
        durationHours = try fields.required("durationHours", "a number of 0 or more") { $0.numberValue.flatMap { $0 >= 0 ? $0 : nil } }
        promotionCostUSD = try fields.optional("promotionCostUSD", "a number of 0 or more") { $0.numberValue.flatMap { $0 >= 0 ? $0 : nil } }
        autoApproval = try fields.required("autoApproval", "{\"improvement\", \"improvementAbove\", \"allSuitesPassed\", \"noDrift\", \"eligible\", \"decision\"}") {
            RetrainingEvaluator.AutoApproval(json: $0)
        }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "outcome": .string(outcome.rawValue),
            "deltas": .object(JSONObject(uniquingKeysWith: deltas.map { ($0.key.rawValue, .number($0.value)) })),
            "costUSD": .number(costUSD), "durationHours": .number(durationHours), "autoApproval": .object(autoApproval.json),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["version"] = version.map { .string($0.description) }
        object["reason"] = reason.map { .string($0) }
        object["production"] = production.map { .string($0.description) }
        object["promotionCostUSD"] = promotionCostUSD.map { .number($0) }
        return object
    }
}
