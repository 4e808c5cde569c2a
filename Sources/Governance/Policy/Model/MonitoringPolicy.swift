import LedgerCore

/// How often a production model of one tier is checked, and who hears about problems.
///
/// Seed, Tier 1: "Real-time with < 1 hour alert SLA"; performance in 15-minute windows, data
/// drift hourly, concept drift daily, fairness weekly; escalation ML Engineer → MLOps Lead →
/// VP Engineering → CISO. Tier 2: hourly performance, daily drift. Tier 3: daily performance,
/// weekly drift.
public struct MonitoringPolicy: Hashable, Sendable {
    /// The longest time from a breach to an alert.
    public let alertSLA: PolicyDuration
    /// The performance metrics window.
    public let performanceEvery: PolicyDuration
    /// How often data drift (PSI) is computed.
    public let dataDriftEvery: PolicyDuration
    /// How often concept drift is computed.
    public let conceptDriftEvery: PolicyDuration
    /// How often fairness metrics are computed in production, if at all.
    public let fairnessEvery: PolicyDuration?
    /// Who is alerted, in escalation order.
    public let escalation: [String]

    /// Reads `{alert_sla, performance_every, data_drift_every, concept_drift_every, fairness_every?, escalation}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let alert = fields.required("alert_sla") { $0.duration() }
        let performance = fields.required("performance_every") { $0.duration() }
        let dataDrift = fields.required("data_drift_every") { $0.duration() }
        let conceptDrift = fields.required("concept_drift_every") { $0.duration() }
        let fairness = fields.optional("fairness_every") { $0.duration() }
        let escalation = fields.required("escalation") { node -> [String]? in
            guard let list = node.uniqueList({ $0.string() }) else { return nil }
            if list.isEmpty { node.report("name at least one person or role to alert") }
            return list.isEmpty ? nil : list
        }
        guard let alert, let performance, let dataDrift, let conceptDrift, let escalation else { return nil }
        alertSLA = alert
        performanceEvery = performance
        dataDriftEvery = dataDrift
        conceptDriftEvery = conceptDrift
        fairnessEvery = fairness
        self.escalation = escalation
    }

    /// The canonical form, mirroring the YAML keys; `fairness_every` is left out when absent.
    var canonicalJSON: JSONValue {
        var object: JSONObject = [
            "alert_sla": .string(alertSLA.rawValue),
            "performance_every": .string(performanceEvery.rawValue),
            "data_drift_every": .string(dataDriftEvery.rawValue),
            "concept_drift_every": .string(conceptDriftEvery.rawValue),
            "escalation": .array(escalation.map { .string($0) }),
        ]
        object["fairness_every"] = fairnessEvery.map { .string($0.rawValue) }
        return .object(object)
    }
}
