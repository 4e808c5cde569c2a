public import LedgerCore

/// `modelcard.reviewed`: someone reviewed a model's card as a whole and found it current. The
/// policy says how often each tier's card must be reviewed (`model_card_review_every`); a card
/// whose last review or section change is older is flagged as overdue.
public struct ModelCardReviewed: GovernancePayload {
    public static let eventType = EventType.modelCardReviewed

    public var model: ModelSlug
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, note: String?, policyDigest: SHA256Digest) {
        self.model = model
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = ["model": .string(model.rawValue), "policyDigest": .string(policyDigest.hex)]
        object["note"] = note.map { .string($0) }
        return object
    }
}
