import LedgerCore

/// Rules for promoting a version: the no-regression limit, the significance of improvement
/// claims and the suites each version bump adds.
public struct PromotionPolicy: Hashable, Sendable {
    /// No metric of the candidate may be worse than the current production version's by more
    /// than the limit (seed: "> 1.0% degradation blocked").
    public struct NoRegressionRule: Hashable, Sendable {
        /// The largest allowed drop, as a fraction (0.01 is 1.0 percentage point).
        public let maxDegradation: Double
        /// The metrics compared, such as `accuracy`.
        public let metrics: [MetricName]
    }

    /// What a version bump means and the suites it adds to the tier's.
    public struct BumpRule: Hashable, Sendable {
        /// What the bump kind is for, for people.
        public let meaning: String
        /// The suites required in addition to the tier's required suites.
        public let suites: [SuiteName]
    }

    /// The no-regression rule.
    public let noRegression: NoRegressionRule
    /// A claimed improvement counts only when its p-value is below this (seed: 0.05).
    public let improvementPValueBelow: Double
    /// The rule of each bump kind; all three are defined.
    public let versionBumps: [VersionBump: BumpRule]

    /// Reads `{no_regression, improvement_p_value_below, version_bumps}`.
    init?(decoding node: PolicyNode) {
        guard let fields = node.fields() else { return nil }
        defer { fields.finish() }
        let noRegression = fields.required("no_regression") { node -> NoRegressionRule? in
            guard let fields = node.fields() else { return nil }
            defer { fields.finish() }
            let limit = fields.required("max_degradation") { $0.rate() }
            let metrics = fields.required("metrics") { node -> [MetricName]? in
                guard let list = node.uniqueList({ $0.identifier(MetricName.self, what: "metric name") }) else { return nil }
                if list.isEmpty { node.report("name at least one metric to compare, such as accuracy") }
                return list.isEmpty ? nil : list
            }
            guard let limit, let metrics else { return nil }
            return NoRegressionRule(maxDegradation: limit, metrics: metrics)
        }
        let pValue = fields.required("improvement_p_value_below") { $0.rate() }
        let bumps = fields.required("version_bumps") { node -> [VersionBump: BumpRule]? in
            guard let fields = node.fields() else { return nil }
            defer { fields.finish() }
            var rules: [VersionBump: BumpRule] = [:]
            for bump in VersionBump.allCases {
                rules[bump] = fields.required(bump.rawValue) { node -> BumpRule? in
                    guard let fields = node.fields() else { return nil }
                    defer { fields.finish() }
                    let meaning = fields.required("meaning") { $0.string() }
                    let suites = fields.required("suites") { $0.uniqueList { $0.suiteReference() } }
                    guard let meaning, let suites else { return nil }
                    return BumpRule(meaning: meaning, suites: suites)
                }
            }
            return rules.count == VersionBump.allCases.count ? rules : nil
        }
        guard let noRegression, let pValue, let bumps else { return nil }
        self.noRegression = noRegression
        self.improvementPValueBelow = pValue
        self.versionBumps = bumps
    }

    /// The canonical form, mirroring the YAML keys.
    var canonicalJSON: JSONValue {
        .object([
            "no_regression": .object([
                "max_degradation": .number(noRegression.maxDegradation),
                "metrics": .array(noRegression.metrics.map { .string($0.rawValue) }),
            ]),
            "improvement_p_value_below": .number(improvementPValueBelow),
            "version_bumps": .object(JSONObject(uniquingKeysWith: versionBumps.map { bump, rule in
                (bump.rawValue, .object(["meaning": .string(rule.meaning), "suites": .array(rule.suites.map { .string($0.rawValue) })]))
            })),
        ])
    }
}
