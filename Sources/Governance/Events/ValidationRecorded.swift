public import LedgerCore

/// `validation.recorded`: the measured results of one validation suite for one version.
///
/// Stream `model/<slug>`. The suite must be defined by the policy in force; every recorded metric
/// must belong to the suite and every non-optional metric must be recorded. Pass or fail, per
/// metric and for the suite, is computed by the ledger from the suite's thresholds
/// (``MetricThreshold``), never taken from the caller; the rule checker recomputes it. The
/// latest record of a suite for a version is the one the `validation` guard reads.
///
/// ```json
/// {"metrics":{"latency_p95_ms":{"passed":true,"value":18},"throughput_rpm":{"passed":true,"value":14200}, …},
///  "model":"fraud-detection-engine","passed":true,"policyDigest":"…","suite":"infrastructure","version":"3.2.1"}
/// ```
public struct ValidationRecorded: GovernancePayload {
    public static let eventType = EventType.validationRecorded

    /// One metric's measurement and its computed outcome.
    public struct Result: Hashable, Sendable {
        public var value: Measurement
        public var passed: Bool

        public init(value: Measurement, passed: Bool) {
            self.value = value
            self.passed = passed
        }
    }

    public var model: ModelSlug
    public var version: SemanticVersion
    public var suite: SuiteName
    /// Each recorded metric with its outcome.
    public var metrics: [MetricName: Result]
    /// Whether the whole suite passed: every metric recorded passed and none required is missing.
    public var passed: Bool
    /// A free-text remark, such as where the evidence is kept.
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, suite: SuiteName, metrics: [MetricName: Result], passed: Bool, note: String?, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.suite = suite
        self.metrics = metrics
        self.passed = passed
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        suite = try fields.identifier("suite", SuiteName.self, "a suite name in snake case")
        metrics = try fields.required("metrics", "an object mapping metric names to {\"value\": number or boolean, \"passed\": boolean}") { value -> [MetricName: Result]? in
            guard let object = value.objectValue, !object.isEmpty else { return nil }
            var result: [MetricName: Result] = [:]
            for member in object {
                guard let name = MetricName(rawValue: member.key), let entry = member.value.objectValue, entry.count == 2,
                    let measured = entry["value"].flatMap(Measurement.init(json:)), let passed = entry["passed"]?.boolValue
                else { return nil }
                result[name] = Result(value: measured, passed: passed)
            }
            return result
        }
        passed = try fields.required("passed", "true or false") { $0.boolValue }
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "suite": .string(suite.rawValue),
            "metrics": .object(JSONObject(uniquingKeysWith: metrics.map { name, result in
                (name.rawValue, .object(["value": result.value.json, "passed": .bool(result.passed)]))
            })),
            "passed": .bool(passed), "policyDigest": .string(policyDigest.hex),
        ]
        object["note"] = note.map { .string($0) }
        return object
    }
}
