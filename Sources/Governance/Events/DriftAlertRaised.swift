public import LedgerCore

/// `drift.alert.raised`: a monitored metric crossed its threshold. Derived: it follows the
/// `monitoring.snapshot.recorded` that measured it, in the same batch, with the snapshot's
/// value and threshold.
///
/// ```json
/// {"metric":"data_drift_psi.amount","model":"fraud-detection-engine","policyDigest":"…","severity":"critical",
///  "threshold":0.05,"value":0.12,"version":"3.2.1","window":"2024-W10"}
/// ```
public struct DriftAlertRaised: GovernancePayload {
    public static let eventType = EventType.driftAlertRaised

    public var model: ModelSlug
    public var version: SemanticVersion
    public var metric: String
    public var value: Double
    public var threshold: Double
    /// `high`, or `critical` at twice the threshold.
    public var severity: String
    public var window: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, metric: String, value: Double, threshold: Double, severity: String, window: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.severity = severity
        self.window = window
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        metric = try fields.string("metric")
        value = try fields.required("value", "a number") { $0.numberValue }
        threshold = try fields.required("threshold", "a number") { $0.numberValue }
        severity = try fields.required("severity", "high or critical") { ["high", "critical"].contains($0.stringValue ?? "") ? $0.stringValue : nil }
        window = try fields.string("window")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "metric": .string(metric),
            "value": .number(value), "threshold": .number(threshold), "severity": .string(severity), "window": .string(window),
            "policyDigest": .string(policyDigest.hex),
        ]
    }
}
