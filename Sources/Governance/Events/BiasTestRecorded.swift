public import LedgerCore

/// `bias.test.recorded`: a bias test of one version on one protected attribute — the input
/// counts, the metrics the ledger computed from them and the verdict against the policy.
///
/// Stream `model/<slug>`. The payload keeps the input (`groups`, `reference`) so that anyone
/// holding the log can recompute every number: `results` is ``FairnessReport/json`` of
/// ``FairnessMetrics/evaluate(groups:reference:)`` and `verdict` judges each numeric metric of
/// the policy's `fairness` suite found in the results by its threshold. The rule checker
/// recomputes both and reports a mismatch (rule `evidence-result`).
///
/// ```json
/// {"attribute":"gender","groups":[{"fn":10,"fp":10,"name":"female","tn":140,"tp":40},…],"model":"credit-scoring",
///  "passed":true,"policyDigest":"…","reference":"male","results":{…},"tier":1,
///  "verdict":{"disparate_impact_ratio":{"passed":true,"value":0.93},…},"version":"2.0.0"}
/// ```
public struct BiasTestRecorded: GovernancePayload {
    public static let eventType = EventType.biasTestRecorded

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The protected attribute, such as `gender` or `age_band`.
    public var attribute: String
    /// The reference (privileged) group's name.
    public var reference: String
    /// The input: each group's confusion counts and optional probabilities with labels.
    public var groups: [FairnessGroup]
    /// The computed report, ``FairnessReport/json``.
    public var results: JSONObject
    /// Each judged metric with its value and outcome.
    public var verdict: [MetricName: ValidationRecorded.Result]
    /// Whether every judged metric passed.
    public var passed: Bool
    /// The model's tier when the test was judged.
    public var tier: RiskTier
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(
        model: ModelSlug, version: SemanticVersion, attribute: String, reference: String, groups: [FairnessGroup],
        results: JSONObject, verdict: [MetricName: ValidationRecorded.Result], passed: Bool, tier: RiskTier, note: String?,
        policyDigest: SHA256Digest
    ) {
        self.model = model
        self.version = version
        self.attribute = attribute
        self.reference = reference
        self.groups = groups
        self.results = results
        self.verdict = verdict
        self.passed = passed
        self.tier = tier
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        attribute = try fields.string("attribute")
        reference = try fields.string("reference")
        let rawGroups = try fields.required("groups", "a list of groups {\"name\", \"tp\", \"fp\", \"tn\", \"fn\"} with optional probabilities and labels") { $0.arrayValue }
        var parsed: [FairnessGroup] = []
        for (index, value) in rawGroups.enumerated() {
            do throws(LedgerError) {
                parsed.append(try FairnessGroup(json: value, field: "groups[\(index)]"))
            } catch {
                throw fields.problem("groups", "is invalid: \(error.message)")
            }
        }
        groups = parsed
        results = try fields.required("results", "an object: the computed fairness report") { $0.objectValue }
        verdict = try fields.required("verdict", "an object mapping metric names to {\"value\": number, \"passed\": boolean}") { value in
            MetricResults.read(value)
        }
        passed = try fields.required("passed", "true or false") { $0.boolValue }
        tier = try fields.tier("tier")
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "version": .string(version.description), "attribute": .string(attribute),
            "reference": .string(reference), "groups": .array(groups.map { .object($0.json) }), "results": .object(results),
            "verdict": MetricResults.json(verdict), "passed": .bool(passed), "tier": .number(Double(tier.rawValue)),
            "policyDigest": .string(policyDigest.hex),
        ]
        object["note"] = note.map { .string($0) }
        return object
    }
}

/// Reads and writes `{metric: {"value", "passed"}}` maps, as `validation.recorded` stores them.
enum MetricResults {
    static func read(_ value: JSONValue) -> [MetricName: ValidationRecorded.Result]? {
        guard let object = value.objectValue else { return nil }
        var result: [MetricName: ValidationRecorded.Result] = [:]
        for member in object {
            guard let name = MetricName(rawValue: member.key), let entry = member.value.objectValue, entry.count == 2,
                let measured = entry["value"].flatMap(Measurement.init(json:)), let passed = entry["passed"]?.boolValue
            else { return nil }
            result[name] = ValidationRecorded.Result(value: measured, passed: passed)
        }
        return result
    }

    static func json(_ results: [MetricName: ValidationRecorded.Result]) -> JSONValue {
        .object(JSONObject(uniquingKeysWith: results.map { name, result in
            (name.rawValue, .object(["value": result.value.json, "passed": .bool(result.passed)]))
        }))
    }
}

extension FairnessGroup {
    /// Reads `{"name", "tp", "fp", "tn", "fn"}` with optional `probabilities` and `labels`, as
    /// ``json`` writes it; every message names `field` and the member.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for a missing or unknown member, a count that is
    ///   not a whole number of 0 or more, a probability outside 0…1 or a label other than 0 or 1.
    public init(json value: JSONValue, field: String) throws(LedgerError) {
        guard let object = value.objectValue else {
            throw LedgerError(.invalidField, "\(field): must be an object {\"name\", \"tp\", \"fp\", \"tn\", \"fn\"}")
        }
        let allowed: Set<String> = ["name", "tp", "fp", "tn", "fn", "probabilities", "labels"]
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw LedgerError(.invalidField, "\(field).\(unknown): is not a group field; the fields are fn, fp, labels, name, probabilities, tn, tp")
        }
        guard let name = object["name"]?.stringValue else {
            throw LedgerError(.invalidField, "\(field).name: is missing or not a string; name the group's value of the protected attribute")
        }
        func count(_ key: String) throws(LedgerError) -> Int {
            guard let number = object[key]?.numberValue else {
                throw LedgerError(.invalidField, "\(field).\(key): is missing or not a number; give the group's \(key.uppercased()) count")
            }
            guard number.rounded() == number, abs(number) <= Double(EvidenceValidation.maxCount) else {
                throw LedgerError(.invalidField, "\(field).\(key): \(number) is not a whole number; a count is a whole number of 0 or more")
            }
            return Int(number)
        }
        var probabilities: [Double]?
        if let list = object["probabilities"] {
            guard let values = list.arrayValue?.map(\.numberValue), values.allSatisfy({ $0 != nil }) else {
                throw LedgerError(.invalidField, "\(field).probabilities: must be a list of numbers from 0 to 1")
            }
            probabilities = values.map { $0! }
        }
        var labels: [Int]?
        if let list = object["labels"] {
            guard let values = list.arrayValue?.map(\.intValue), values.allSatisfy({ $0 != nil }) else {
                throw LedgerError(.invalidField, "\(field).labels: must be a list of labels 0 or 1")
            }
            labels = values.map { $0! }
        }
        let tp = try count("tp"), fp = try count("fp"), tn = try count("tn"), fn = try count("fn")
        do throws(LedgerError) {
            try self.init(
                name: name, truePositives: tp, falsePositives: fp, trueNegatives: tn, falseNegatives: fn,
                probabilities: probabilities, labels: labels)
        } catch {
            throw LedgerError(.invalidField, "\(field): \(error.message)")
        }
    }
}
