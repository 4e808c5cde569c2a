import LedgerCore

/// A named validation suite: the metrics it measures and the threshold each must meet.
///
/// A suite passes when every non-optional metric is recorded and every recorded metric is
/// accepted by its ``MetricThreshold``. Which suites a promotion needs is decided by the tier's
/// ``TierPolicy/requiredSuites`` and the version bump (``Policy/requiredSuites(tier:bump:)``).
public struct ValidationSuite: Hashable, Sendable {
    /// The suite's name, such as `performance`.
    public let name: SuiteName
    /// What the suite checks, for people.
    public let description: String
    /// The metrics and their pass conditions.
    public let metrics: [MetricName: MetricThreshold]

    /// Reads `{description, metrics: {name: threshold, …}}`.
    init?(name: SuiteName, decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let description = fields.required("description") { $0.string() }
        let metrics: [MetricName: MetricThreshold]? = fields.required("metrics") { node in
            guard let entries = node.entries() else { return nil }
            guard !entries.isEmpty else {
                node.report("a suite needs at least one metric")
                return nil
            }
            var result: [MetricName: MetricThreshold] = [:]
            var failed = false
            for (key, child) in entries {
                guard let metric = MetricName(rawValue: key) else {
                    child.report("'\(key)' is not a valid metric name; use snake case: a-z first, then a-z, 0-9 or '_'")
                    failed = true
                    continue
                }
                if let threshold = MetricThreshold(decoding: child) { result[metric] = threshold } else { failed = true }
            }
            return failed ? nil : result
        }
        guard let description, let metrics else { return nil }
        self.name = name
        self.description = description
        self.metrics = metrics
    }

    /// The canonical form: `{description, metrics}`.
    var canonicalJSON: JSONValue {
        .object([
            "description": .string(description),
            "metrics": .object(JSONObject(uniquingKeysWith: metrics.map { ($0.key.rawValue, $0.value.canonicalJSON) })),
        ])
    }
}
