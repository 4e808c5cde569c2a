import LedgerCore

/// Writes scenario steps with the bookkeeping a person would do by hand: the time of each step,
/// the tier and versions of each model, the suites and sign-offs each promotion needs.
struct ScenarioBuilder {
    /// A model of the scenario.
    struct Model {
        let name: String
        let owner: String
        let framework: String
        let tier: Int
        let purpose: String
        /// The business owner who signs off for the owning team.
        let businessOwner: String
        var slug: ModelSlug { ModelSlug(displayName: name)! }
    }

    let policy: Policy
    private(set) var steps: [DemoStep] = []
    private var day = Timestamp(millisecondsSinceEpoch: 0)
    private var slot: Int64 = 0
    private var tiers: [ModelSlug: RiskTier] = [:]
    private var versions: [ModelSlug: [SemanticVersion]] = [:]
    private var production: [ModelSlug: SemanticVersion] = [:]
    private var bumps: [String: VersionBump] = [:]
    /// Who holds each role, for sign-offs (the business owner comes from the model).
    var roleHolders: [String: String] = [:]

    init(policy: Policy) {
        self.policy = policy
    }

    /// Starts a new day of the script: steps follow at 09:00, 09:20, 09:40…
    mutating func on(_ date: String) {
        guard let start = Timestamp(date + "T09:00:00.000Z") else { preconditionFailure("bad scenario date \(date)") }
        precondition(start > day, "scenario dates must increase: \(date)")
        day = start
        slot = 0
    }

    private mutating func add(_ actor: String, _ action: DemoStep.Action) {
        guard let principal = Principal(rawValue: actor) else { preconditionFailure("bad scenario principal \(actor)") }
        steps.append(DemoStep(time: day.adding(milliseconds: slot * 20 * 60_000), actor: principal, action: action))
        slot += 1
    }

    mutating func command(_ actor: String, _ command: GovernanceCommand) {
        add(actor, .command(command))
    }

    mutating func remediateLatestFinding(_ model: Model, note: String, by actor: String) {
        add(actor, .remediateLatestFinding(model: model.slug, note: note))
    }

    mutating func vote(_ member: String, _ model: Model, _ version: String, _ decision: VoteDecision, _ rationale: String, dissent: String? = nil) {
        add(member, .vote(model: model.slug, version: Self.version(version), decision: decision, rationale: rationale, dissent: dissent))
    }

    static func version(_ text: String) -> SemanticVersion {
        guard let version = SemanticVersion(text) else { preconditionFailure("bad scenario version \(text)") }
        return version
    }

    static func digest(_ text: String) -> SHA256Digest { SHA256.hash(Array(text.utf8)) }

    mutating func register(_ model: Model, by actor: String) {
        tiers[model.slug] = RiskTier(rawValue: model.tier)
        command(actor, .registerModel(name: model.name, owner: model.owner, framework: model.framework, tier: RiskTier(rawValue: model.tier)!, purpose: model.purpose))
    }

    mutating func changeTier(_ model: Model, to tier: Int, reason: String, by actor: String) {
        tiers[model.slug] = RiskTier(rawValue: tier)
        command(actor, .changeTier(model: model.slug, tier: RiskTier(rawValue: tier)!, reason: reason))
    }

    /// Registers a version with a full lineage derived from the names (deterministic digests).
    mutating func release(
        _ model: Model, _ text: String, accuracy: Double, precision: Double, recall: Double, gpu: String?, hours: Double,
        cost: Double, features: String, hyperparameters: JSONObject, by actor: String
    ) {
        let version = Self.version(text)
        let baseline = production[model.slug] ?? versions[model.slug]?.last
        bumps["\(model.slug)/\(text)"] = baseline.map { version.bump(from: $0) } ?? .major
        versions[model.slug, default: []].append(version)
        let f1 = (2 * precision * recall / (precision + recall) * 1000).rounded() / 1000
        let lineage = Lineage(
            datasetSHA256: Self.digest("dataset \(model.slug) \(text)"), featureSetVersion: features, hyperparameters: hyperparameters,
            imageDigest: "sha256:" + Self.digest("image \(model.framework) \(text)").hex, gpuType: gpu, languageVersion: "Python 3.11",
            trainingHours: hours, trainingCostUSD: cost,
            metrics: [MetricName("accuracy")!: accuracy, MetricName("precision")!: precision, MetricName("recall")!: recall, MetricName("f1")!: f1],
            artifactSHA256: Self.digest("artifact \(model.slug) \(text)"), sbomSHA256: Self.digest("sbom \(model.slug) \(text)"))
        command(actor, .registerVersion(model: model.slug, version: version, lineage: lineage))
    }

    /// Records every suite the version needs, with passing values unless `overrides` says otherwise.
    mutating func validate(_ model: Model, _ text: String, overrides: [String: [String: Measurement]] = [:], by actor: String) {
        let tier = tiers[model.slug]!
        let bump = bumps["\(model.slug)/\(text)"] ?? .major
        for suite in policy.requiredSuites(tier: tier, bump: bump) ?? [] {
            record(model, text, suite: suite.rawValue, overrides: overrides[suite.rawValue] ?? [:], by: actor)
        }
    }

    /// Records one suite.
    mutating func record(_ model: Model, _ text: String, suite name: String, overrides: [String: Measurement] = [:], note: String? = nil, by actor: String) {
        guard let suiteName = SuiteName(name), let suite = policy.suites[suiteName] else { preconditionFailure("the demo needs suite \(name)") }
        var values: [MetricName: Measurement] = [:]
        for (metric, threshold) in suite.metrics {
            if let value = overrides[metric.rawValue] {
                values[metric] = value
            } else if let typical = DemoMeasurements.typical[metric.rawValue], typical.passes(threshold) {
                values[metric] = typical
            } else if !threshold.isOptional {
                values[metric] = DemoMeasurements.passing(threshold)
            }
        }
        command(actor, .recordValidation(model: model.slug, version: Self.version(text), suite: suiteName, measurements: values, note: note))
    }

    mutating func transition(_ model: Model, _ text: String, to stage: LifecycleStage, deployment: String? = nil, reason: String? = nil, by actor: String) {
        if stage == .production { production[model.slug] = Self.version(text) }
        command(actor, .transition(model: model.slug, version: Self.version(text), to: stage, deployment: deployment, reason: reason))
    }

    mutating func rollback(_ model: Model, to previous: String, reason: String, by actor: String) {
        production[model.slug] = Self.version(previous)
        command(actor, .rollback(model: model.slug, reason: reason))
    }

    mutating func requestApproval(_ model: Model, _ text: String, by actor: String) {
        command(actor, .requestApproval(model: model.slug, version: Self.version(text), to: .approved))
    }

    /// Records every sign-off the model's tier requires, each by a holder of the role.
    mutating func signOff(_ model: Model, _ text: String, notes: [String: String] = [:]) {
        let tier = policy.tier(tiers[model.slug]!)!
        for role in tier.approval.signoffs {
            let holder = role.rawValue == "business_owner" ? model.businessOwner : roleHolders[role.rawValue]!
            command(holder, .signOff(model: model.slug, version: Self.version(text), role: role, note: notes[role.rawValue]))
        }
    }
}

/// Realistic passing measurements for the default policy's suites, with a generic fallback.
enum DemoMeasurements {
    static let typical: [String: Measurement] = [
        "accuracy_change": .number(0.003), "precision_change": .number(0.002), "recall_change": .number(0.003),
        "worst_segment_change": .number(-0.002), "schema_mismatches": .number(0), "out_of_range_features": .number(0),
        "max_feature_missing_rate": .number(0.003), "max_feature_psi": .number(0.04), "latency_p95_ms": .number(18),
        "throughput_rpm": .number(14_200), "memory_utilization": .number(0.68), "gpu_utilization": .number(0.52),
        "out_of_memory_events": .number(0), "error_rate": .number(0.0005), "artifact_signature_valid": .bool(true),
        "critical_vulnerabilities": .number(0), "high_vulnerabilities": .number(0), "pii_findings": .number(0),
        "sanitization_findings": .number(0), "open_high_findings": .number(0), "disparate_impact_ratio": .number(0.91),
        "equal_opportunity_difference": .number(0.021), "demographic_parity_difference": .number(0.018),
        "model_card_updated": .bool(true), "stability": .number(0.94), "fidelity": .number(0.92),
        "global_features_reported": .number(10), "checks_run": .number(24), "checks_failed": .number(0),
        "duration_hours": .number(72), "agreement_rate": .number(0.987),
    ]

    /// A value that passes `threshold`: the expected boolean, or a value inside the bounds.
    static func passing(_ threshold: MetricThreshold) -> Measurement {
        if let expected = threshold.expected { return .bool(expected) }
        let lower = threshold.lowerBound
        let upper = threshold.upperBound
        var value: Double
        switch (lower, upper) {
        case let (lower?, upper?): value = (lower.value + upper.value) / 2
        case let (lower?, nil): value = lower.value + max(abs(lower.value) * 0.1, threshold.unit.isWhole ? 1 : 0.01)
        case let (nil, upper?): value = upper.isInclusive ? upper.value : upper.value - max(abs(upper.value) * 0.5, 0)
        case (nil, nil): value = 0
        }
        if threshold.unit.isWhole { value = value.rounded(.down) }
        if !threshold.accepts(value), let lower, lower.isInclusive { value = lower.value }
        return .number(value)
    }
}
