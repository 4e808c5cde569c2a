public import LedgerCore

/// Everything a model's risk tier decides: approvals, required validation, monitoring,
/// retraining triggers, governance duties and the retention window of its entries.
///
/// ```swift
/// let critical = policy.tier(RiskTier(rawValue: 1)!)!
/// critical.approval.board?.quorum // 4
/// critical.retention.rawValue      // "7y"
/// ```
public struct TierPolicy: Hashable, Sendable {
    /// The tier number.
    public let tier: RiskTier
    /// The tier's name, such as "Critical".
    public let name: String
    /// The classification criteria, for people.
    public let criteria: [String]
    /// Example models, for people.
    public let examples: [String]
    /// Who approves a promotion.
    public let approval: ApprovalPolicy
    /// The suites a promotion to production needs, before the version bump's suites are added.
    public let requiredSuites: [SuiteName]
    /// Production monitoring cadence.
    public let monitoring: MonitoringPolicy
    /// Drift and decay levels that trigger retraining, and the schedule.
    public let retrainingTriggers: RetrainingTriggers
    /// Documentation, bias, explainability, lineage and audit duties.
    public let governance: TierGovernance
    /// The retention class of the entries about models of this tier.
    public let retention: RetentionClass
    /// The thresholds that judge bias tests of this tier's models (`fairness:`), or `nil` when
    /// the tier leaves them to the `fairness` suite. An empty mapping judges nothing: the
    /// metrics are computed and recorded, and the test has no verdict to fail.
    public let fairness: [MetricName: MetricThreshold]?

    /// Reads one tier's mapping.
    init?(tier: RiskTier, decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let name = fields.required("name") { $0.string() }
        let criteria = fields.required("criteria") { $0.list { $0.string() } }
        let examples = fields.optional("examples") { $0.list { $0.string() } } ?? []
        let approval = fields.required("approval") { ApprovalPolicy(decoding: $0) }
        let suites = fields.required("required_suites") { $0.uniqueList { $0.suiteReference() } }
        let monitoring = fields.required("monitoring") { MonitoringPolicy(decoding: $0) }
        let triggers = fields.required("retraining_triggers") { RetrainingTriggers(decoding: $0) }
        let governance = fields.required("governance") { TierGovernance(decoding: $0) }
        let retention = fields.required("retention") { $0.retentionClass() }
        var fairnessFailed = false
        let fairness: [MetricName: MetricThreshold]? = fields.optional("fairness") { node in
            guard let entries = node.entries() else { fairnessFailed = true; return nil }
            var result: [MetricName: MetricThreshold] = [:]
            for (key, child) in entries {
                guard let metric = MetricName(rawValue: key) else {
                    child.report("'\(key)' is not a valid metric name; use snake case: a-z first, then a-z, 0-9 or '_'")
                    fairnessFailed = true
                    continue
                }
                guard let threshold = MetricThreshold(decoding: child) else { fairnessFailed = true; continue }
                guard threshold.unit != .boolean else {
                    child.report("a bias test judges numbers; '\(key)' is a boolean, which belongs in the fairness suite")
                    fairnessFailed = true
                    continue
                }
                result[metric] = threshold
            }
            return result
        }
        guard !fairnessFailed, let name, let criteria, let approval, let suites, let monitoring, let triggers, let governance,
            let retention
        else { return nil }
        self.tier = tier
        self.name = name
        self.criteria = criteria
        self.examples = examples
        self.approval = approval
        requiredSuites = suites
        self.monitoring = monitoring
        retrainingTriggers = triggers
        self.governance = governance
        self.retention = retention
        self.fairness = fairness
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        var object: JSONObject = [
            "name": .string(name),
            "criteria": .array(criteria.map { .string($0) }),
            "examples": .array(examples.map { .string($0) }),
            "approval": approval.canonicalJSON,
            "required_suites": .array(requiredSuites.map { .string($0.rawValue) }),
            "monitoring": monitoring.canonicalJSON,
            "retraining_triggers": retrainingTriggers.canonicalJSON,
            "governance": governance.canonicalJSON,
            "retention": .string(retention.rawValue),
        ]
        // Written only when given, so that policies without it keep their digest.
        object["fairness"] = fairness.map { .object(JSONObject(uniquingKeysWith: $0.map { ($0.key.rawValue, $0.value.canonicalJSON) })) }
        return .object(object)
    }
}
