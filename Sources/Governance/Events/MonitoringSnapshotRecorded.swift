public import LedgerCore

/// `monitoring.snapshot.recorded`: one monitoring window of a version — the input data, every
/// metric the ledger computed from it with its threshold and status, and the alerts and
/// retraining triggers it derives.
///
/// Stream `model/<slug>`. `input` is the snapshot document (``MonitoringInput/json``) with the
/// performance baseline filled in from the version's lineage when the document gave none;
/// `results` and the derived lists are ``MonitoringEvaluator`` outcomes, which the rule checker
/// recomputes (rule `evidence-result`). The entries listed in `raised`, `resolved` and
/// `triggers` follow at once, in that order, in the same batch (rule `follow-up`):
/// one `drift.alert.raised` per raised metric, one `drift.alert.resolved` per resolved metric,
/// then one `retraining.triggered` when `triggers` is not empty.
public struct MonitoringSnapshotRecorded: GovernancePayload {
    public static let eventType = EventType.monitoringSnapshotRecorded

    public var model: ModelSlug
    public var version: SemanticVersion
    public var input: MonitoringInput
    public var results: JSONObject
    public var raised: [String]
    public var resolved: [String]
    public var triggers: [RetrainingTrigger]
    public var tier: RiskTier
    public var policyDigest: SHA256Digest

    public init(
        model: ModelSlug, version: SemanticVersion, input: MonitoringInput, results: JSONObject, raised: [String], resolved: [String],
        triggers: [RetrainingTrigger], tier: RiskTier, policyDigest: SHA256Digest
    ) {
        self.model = model
        self.version = version
        self.input = input
        self.results = results
        self.raised = raised
        self.resolved = resolved
        self.triggers = triggers
        self.tier = tier
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        let object = try fields.required("input", "the snapshot document, an object") { $0.objectValue }
        do throws(LedgerError) {
            input = try MonitoringInput(json: object)
        } catch {
            throw fields.problem("input", "is invalid: \(error.message)")
        }
        results = try fields.required("results", "an object: the computed metrics") { $0.objectValue }
        raised = try fields.required("raised", "a list of metric names", Self.strings)
        resolved = try fields.required("resolved", "a list of metric names", Self.strings)
        triggers = try fields.required("triggers", "a list of trigger kinds such as data_drift_psi") { value in
            Self.strings(value).flatMap { list in
                let kinds = list.compactMap(RetrainingTrigger.init(rawValue:))
                return kinds.count == list.count ? kinds : nil
            }
        }
        tier = try fields.tier("tier")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "input": .object(input.json),
            "results": .object(results), "raised": .array(raised.map { .string($0) }), "resolved": .array(resolved.map { .string($0) }),
            "triggers": .array(triggers.map { .string($0.rawValue) }), "tier": .number(Double(tier.rawValue)),
            "policyDigest": .string(policyDigest.hex),
        ]
    }

    static func strings(_ value: JSONValue) -> [String]? {
        guard let list = value.arrayValue else { return nil }
        let strings = list.compactMap(\.stringValue)
        return strings.count == list.count && !strings.contains("") ? strings : nil
    }
}
