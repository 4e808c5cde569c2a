public import LedgerCore

/// `ab.test.recorded`: an A/B comparison of a candidate version (arm B) with the production
/// version (arm A) on one metric, with the significance test the ledger computed from the arms'
/// data. An improvement claim is accepted only when B is better and the p-value is below the
/// policy's `promotion.improvement_p_value_below` (0.05).
///
/// Arms are either outcome counts (two-proportion z-test, statsmodels' `proportions_ztest`) or
/// continuous samples (Welch's t-test, SciPy's `ttest_ind(equal_var=False)`).
public struct ABTestRecorded: GovernancePayload {
    public static let eventType = EventType.abTestRecorded

    /// The arms' data.
    public enum Arms: Hashable, Sendable {
        case proportions(successesA: Int, trialsA: Int, successesB: Int, trialsB: Int)
        case samples(a: [Double], b: [Double])

        /// Reads `{"successes_a", "trials_a", "successes_b", "trials_b"}` or `{"sample_a", "sample_b"}`.
        public init(json object: JSONObject) throws(LedgerError) {
            if object["sample_a"] != nil || object["sample_b"] != nil {
                try MonitoringInput.refuseUnknown(object, ["sample_a", "sample_b"], "arms.")
                guard let a = try MonitoringInput.numbers(object, "sample_a", "arms."), let b = try MonitoringInput.numbers(object, "sample_b", "arms.") else {
                    throw LedgerError(.invalidField, "arms: give both sample_a and sample_b")
                }
                self = .samples(a: a, b: b)
            } else {
                try MonitoringInput.refuseUnknown(object, ["successes_a", "trials_a", "successes_b", "trials_b"], "arms.")
                self = .proportions(
                    successesA: try MonitoringInput.count(object, "successes_a", "arms."), trialsA: try MonitoringInput.count(object, "trials_a", "arms."),
                    successesB: try MonitoringInput.count(object, "successes_b", "arms."), trialsB: try MonitoringInput.count(object, "trials_b", "arms."))
            }
        }

        public var json: JSONObject {
            switch self {
            case .proportions(let sa, let ta, let sb, let tb):
                ["successes_a": .count(sa), "trials_a": .count(ta), "successes_b": .count(sb), "trials_b": .count(tb)]
            case .samples(let a, let b):
                ["sample_a": .array(a.map { .number($0) }), "sample_b": .array(b.map { .number($0) })]
            }
        }
    }

    /// The computed test.
    public struct Outcome: Hashable, Sendable {
        public let result: JSONObject
        public let improvement: Double
        public let pValue: Double
        public let accepted: Bool
    }

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The version of arm A, the production version when recorded.
    public var baseline: SemanticVersion?
    public var metric: String
    public var arms: Arms
    public var result: JSONObject
    /// B − A: the difference of proportions or of means.
    public var improvement: Double
    public var pValueBelow: Double
    public var accepted: Bool
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, baseline: SemanticVersion?, metric: String, arms: Arms, result: JSONObject, improvement: Double, pValueBelow: Double, accepted: Bool, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.baseline = baseline
        self.metric = metric
        self.arms = arms
        self.result = result
        self.improvement = improvement
        self.pValueBelow = pValueBelow
        self.accepted = accepted
        self.policyDigest = policyDigest
    }

    /// Computes the test of `arms` at the significance level `alpha`.
    public static func evaluate(_ arms: Arms, alpha: Double) throws(LedgerError) -> Outcome {
        switch arms {
        case .proportions(let sa, let ta, let sb, let tb):
            let test = try SignificanceTests.twoProportionZTest(successesA: sa, trialsA: ta, successesB: sb, trialsB: tb)
            let improvement = test.proportionB - test.proportionA
            return Outcome(result: test.json, improvement: improvement, pValue: test.pValue, accepted: improvement > 0 && test.pValue < alpha)
        case .samples(let a, let b):
            let test = try SignificanceTests.welchTTest(a, b)
            let improvement = test.meanB - test.meanA
            return Outcome(result: test.json, improvement: improvement, pValue: test.pValue, accepted: improvement > 0 && test.pValue < alpha)
        }
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        baseline = try fields.optionalIdentifier("baseline", SemanticVersion.self, "a version MAJOR.MINOR.PATCH")
        metric = try fields.string("metric")
        let object = try fields.required("arms", "the arms' counts or samples, an object") { $0.objectValue }
        do throws(LedgerError) { arms = try Arms(json: object) } catch { throw fields.problem("arms", "is invalid: \(error.message)") }
        result = try fields.required("result", "an object: the computed test") { $0.objectValue }
        improvement = try fields.required("improvement", "a number") { $0.numberValue }
        pValueBelow = try fields.required("pValueBelow", "a number") { $0.numberValue }
        accepted = try fields.required("accepted", "true or false") { $0.boolValue }
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "metric": .string(metric),
            "arms": .object(arms.json), "result": .object(result), "improvement": .number(improvement), "pValueBelow": .number(pValueBelow),
            "accepted": .bool(accepted), "policyDigest": .string(policyDigest.hex),
        ]
        object["baseline"] = baseline.map { .string($0.description) }
        return object
    }
}
