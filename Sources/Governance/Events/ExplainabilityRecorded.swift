public import LedgerCore

/// `explainability.recorded`: the explanations of one version — global feature importance by
/// an attribution method, local explanations with the reason codes an adverse-action notice
/// (ECOA / Reg B) needs, counterfactual examples — and the explanation quality scores, judged by
/// the policy's `explainability` suite.
///
/// The ledger computes `verdict`: `stability` and `fidelity` from `scores`, and
/// `global_features_reported` as the number of features in `global`, each against the suite's
/// threshold; `sparsity` is recorded but the policy sets it no minimum.
public struct ExplainabilityRecorded: GovernancePayload {
    public static let eventType = EventType.explainabilityRecorded

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The attribution method, such as `shap` or `lime`.
    public var method: String
    /// Feature → importance, the top features of the global report.
    public var global: [String: Double]
    /// Sampled prediction id → its reason codes, in order of weight.
    public var local: [String: [String]]
    /// Sampled prediction id → the smallest change that flips it, in words.
    public var counterfactuals: [String: String]
    /// `stability`, `fidelity`, `sparsity`, each from 0 to 1.
    public var scores: [String: Double]
    public var verdict: [MetricName: ValidationRecorded.Result]
    public var passed: Bool
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, method: String, global: [String: Double], local: [String: [String]], counterfactuals: [String: String], scores: [String: Double], verdict: [MetricName: ValidationRecorded.Result], passed: Bool, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.method = method
        self.global = global
        self.local = local
        self.counterfactuals = counterfactuals
        self.scores = scores
        self.verdict = verdict
        self.passed = passed
        self.policyDigest = policyDigest
    }

    /// The verdict of `scores` and `global` under `policy`'s explainability suite.
    public static func judge(global: [String: Double], scores: [String: Double], policy: Policy) throws(LedgerError) -> ([MetricName: ValidationRecorded.Result], Bool) {
        guard let suite = policy.suites[SuiteName(rawValue: "explainability")!] else {
            throw LedgerError(.invalidField, "policy \(policy.name) \(policy.version) defines no suite 'explainability', whose thresholds judge explanations")
        }
        var values = scores
        values["global_features_reported"] = Double(global.count)
        var verdict: [MetricName: ValidationRecorded.Result] = [:]
        for (name, threshold) in suite.metrics where threshold.unit != .boolean {
            guard let value = values[name.rawValue] else {
                if !threshold.isOptional { verdict[name] = ValidationRecorded.Result(value: .number(0), passed: false) }
                continue
            }
            verdict[name] = ValidationRecorded.Result(value: .number(value), passed: Measurement.number(value).passes(threshold))
        }
        return (verdict, verdict.values.allSatisfy(\.passed))
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        method = try fields.string("method")
        global = try fields.required("global", "an object of feature → importance") { Self.map($0) { $0.numberValue } }
        local = try fields.required("local", "an object of prediction id → list of reason codes") { Self.map($0) { value in
            guard let list = value.arrayValue else { return nil }
            let codes = list.compactMap(\.stringValue)
            return codes.count == list.count ? codes : nil
        } }
        counterfactuals = try fields.required("counterfactuals", "an object of prediction id → change") { Self.map($0) { $0.stringValue } }
        scores = try fields.required("scores", "an object of score name → number from 0 to 1") { Self.map($0) { $0.numberValue.flatMap { $0 >= 0 && $0 <= 1 ? $0 : nil } } }
        verdict = try fields.required("verdict", "an object mapping metric names to {\"value\", \"passed\"}") { MetricResults.read($0) }
        passed = try fields.required("passed", "true or false") { $0.boolValue }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    static func map<T>(_ value: JSONValue, _ convert: (JSONValue) -> T?) -> [String: T]? {
        guard let object = value.objectValue else { return nil }
        var result: [String: T] = [:]
        for member in object {
            guard let converted = convert(member.value) else { return nil }
            result[member.key] = converted
        }
        return result
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "method": .string(method),
            "global": .object(JSONObject(uniquingKeysWith: global.map { ($0.key, .number($0.value)) })),
            "local": .object(JSONObject(uniquingKeysWith: local.map { ($0.key, .array($0.value.map { .string($0) })) })),
            "counterfactuals": .object(JSONObject(uniquingKeysWith: counterfactuals.map { ($0.key, .string($0.value)) })),
            "scores": .object(JSONObject(uniquingKeysWith: scores.map { ($0.key, .number($0.value)) })),
            "verdict": MetricResults.json(verdict), "passed": .bool(passed), "policyDigest": .string(policyDigest.hex),
        ]
    }
}
