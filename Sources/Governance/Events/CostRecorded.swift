public import LedgerCore

/// `cost.recorded`: what a model cost in one period for one category — training runs,
/// inference compute or feature storage — with the on-demand price when spot capacity was used,
/// so that `govledger costs` shows the savings.
public struct CostRecorded: GovernancePayload {
    public static let eventType = EventType.costRecorded

    /// What the money was spent on.
    public enum Category: String, Hashable, Sendable, CaseIterable {
        case training
        case inference
        case storage
    }

    public var model: ModelSlug
    /// The period, such as `2025-04` or `2025-W14`.
    public var period: String
    public var category: Category
    public var amountUSD: Double
    /// What the same capacity costs on demand, when spot or reserved capacity was used.
    public var onDemandUSD: Double?
    public var note: String?
    public var policyDigest: SHA256Digest

    public init(model: ModelSlug, period: String, category: Category, amountUSD: Double, onDemandUSD: Double?, note: String?, policyDigest: SHA256Digest) {
        self.model = model
        self.period = period
        self.category = category
        self.amountUSD = amountUSD
        self.onDemandUSD = onDemandUSD
        self.note = note
        self.policyDigest = policyDigest
    }

    public init(payload: JSONObject) throws(LedgerError) {
        var fields = PayloadFields(Self.eventType, payload)
        model = try fields.model()
        period = try fields.string("period")
        category = try fields.required("category", "training, inference or storage") { $0.stringValue.flatMap(Category.init(rawValue:)) }
        amountUSD = try fields.required("amountUSD", "a number of 0 or more") { $0.numberValue.flatMap { $0 >= 0 ? $0 : nil } }
        onDemandUSD = try fields.optional("onDemandUSD", "a number of 0 or more") { $0.numberValue.flatMap { $0 >= 0 ? $0 : nil } }
        note = try fields.optionalString("note")
        policyDigest = try fields.policyDigest()
        try fields.finish()
    }

    public var payload: JSONObject {
        var object: JSONObject = [
            "model": .string(model.rawValue), "period": .string(period), "category": .string(category.rawValue),
            "amountUSD": .number(amountUSD), "policyDigest": .string(policyDigest.hex),
        ]
        object["onDemandUSD"] = onDemandUSD.map { .number($0) }
        object["note"] = note.map { .string($0) }
        return object
    }

    /// On-demand price minus the amount paid; 0 without an on-demand price.
    public var savedUSD: Double { onDemandUSD.map { $0 - amountUSD } ?? 0 }
}
