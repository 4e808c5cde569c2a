public import LedgerCore

/// `drift.alert.resolved`: a later snapshot measured an alerted metric back within bounds.
/// Derived: it follows that snapshot in the same batch; `raised` is the seq of the alert.
public struct DriftAlertResolved: GovernancePayload {
    public static let eventType = EventType.driftAlertResolved

    public var model: ModelSlug
    public var version: SemanticVersion
    public var metric: String
    public var value: Double
    public var threshold: Double
    /// The seq of the `drift.alert.raised` entry this resolves.
    public var raised: Int
    public var window: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, metric: String, value: Double, threshold: Double, raised: Int, window: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.metric = metric
        self.value = value
        self.threshold = threshold
        self.raised = raised
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
        raised = try fields.int("raised")
        window = try fields.string("window")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description), "metric": .string(metric),
            "value": .number(value), "threshold": .number(threshold), "raised": .number(Double(raised)), "window": .string(window),
            "policyDigest": .string(policyDigest.hex),
        ]
    }
}
