public import LedgerCore

/// `retraining.triggered`: a snapshot fired retraining triggers of the model's tier. Derived:
/// it follows the snapshot (and its alerts) in the same batch.
public struct RetrainingTriggered: GovernancePayload {
    public static let eventType = EventType.retrainingTriggered

    public var model: ModelSlug
    public var version: SemanticVersion
    /// The trigger kinds fired, in the trigger table's order.
    public var triggers: [RetrainingTrigger]
    public var window: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, version: SemanticVersion, triggers: [RetrainingTrigger], window: String, policyDigest: SHA256Digest) {
        self.model = model
        self.version = version
        self.triggers = triggers
        self.window = window
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        version = try fields.version()
        triggers = try fields.required("triggers", "a non-empty list of trigger kinds such as data_drift_psi") { value in
            MonitoringSnapshotRecorded.strings(value).flatMap { list in
                let kinds = list.compactMap(RetrainingTrigger.init(rawValue:))
                return kinds.count == list.count && !kinds.isEmpty ? kinds : nil
            }
        }
        window = try fields.string("window")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        [
            "model": .string(model.rawValue), "version": .string(version.description),
            "triggers": .array(triggers.map { .string($0.rawValue) }), "window": .string(window), "policyDigest": .string(policyDigest.hex),
        ]
    }
}
