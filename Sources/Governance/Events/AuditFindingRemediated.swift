public import LedgerCore

/// `audit.finding.remediated`: the finding recorded at seq `finding` was remediated, with what
/// was done.
public struct AuditFindingRemediated: GovernancePayload {
    public static let eventType = EventType.auditFindingRemediated

    public var model: ModelSlug
    /// The seq of the `audit.finding.recorded` entry.
    public var finding: Int
    public var note: String
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, finding: Int, note: String, policyDigest: SHA256Digest) {
        self.model = model
        self.finding = finding
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        finding = try fields.int("finding")
        note = try fields.string("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        ["model": .string(model.rawValue), "finding": .number(Double(finding)), "note": .string(note), "policyDigest": .string(policyDigest.hex)]
    }
}
