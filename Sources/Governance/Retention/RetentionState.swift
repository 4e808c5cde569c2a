public import LedgerCore

/// What retention needs to know from the log: active legal holds and window extensions.
///
/// Built by ``apply(header:payload:)`` in seq order. Entry types:
/// - `legal.hold.placed` / `legal.hold.released` on `legal-hold/<model>`: `{"model", "case", "reason"}`;
/// - `model.tier.changed` on `model/<model>` (`{"model", "from", "to"}`): when the policy in force
///   gives the new tier a longer class than the old one, the model's earlier entries are kept at
///   least that long (a move to a looser tier never shortens a window);
/// - `retention.extended` on `retention/<model>`: `{"model", "class", "reason"}` (optionally
///   `"throughSeq"`): an explicit extension of the model's entries before it;
/// - `policy.adopted`: the tier → class map used for tier changes.
public struct RetentionState: Sendable, Hashable {
    /// An active legal hold.
    public struct Hold: Sendable, Hashable {
        public let model: String
        public let caseID: String
        public let reason: String
        public let placedSeq: Int
        public let placedBy: String
        public let placedAt: Timestamp
    }

    /// A window extension for a model's earlier entries.
    public struct Extension: Sendable, Hashable {
        public let retention: RetentionClass
        public let throughSeq: Int
    }

    /// Active holds by model slug.
    public private(set) var holds: [String: [Hold]] = [:]
    /// Extensions by model slug.
    public private(set) var extensions: [String: [Extension]] = [:]

    public init() {}

    public static let holdPlaced = "legal.hold.placed"
    public static let holdReleased = "legal.hold.released"
    public static let extended = "retention.extended"
    static let tierChanged = "model.tier.changed"
    static let policyAdopted = "policy.adopted"

    /// The entry types this state reads; others can be skipped without reading their payload.
    public static let relevantTypes: Set<String> = [holdPlaced, holdReleased, extended, tierChanged, policyAdopted]

    /// The retention class of each tier in the policy in force.
    public private(set) var tierClasses: [Int: RetentionClass] = [:]

    /// Folds one entry in (other types are ignored).
    public mutating func apply(header: EntryHeader, payload: JSONObject?) throws(LedgerError) {
        let type = header.type.rawValue
        guard Self.relevantTypes.contains(type), let payload else { return }
        if type == Self.policyAdopted {
            var classes: [Int: RetentionClass] = [:]
            for tier in payload["policy"]?["tiers"]?.objectValue ?? JSONObject() {
                if let number = Int(tier.key), let text = tier.value["retention"]?.stringValue, let retention = RetentionClass(rawValue: text) {
                    classes[number] = retention
                }
            }
            tierClasses = classes
            return
        }
        if type == Self.tierChanged {
            guard let model = payload["model"]?.stringValue, let from = payload["from"]?.intValue, let to = payload["to"]?.intValue,
                let newClass = tierClasses[to]
            else { return }
            if let oldClass = tierClasses[from], !Self.isLonger(newClass, than: oldClass) { return }
            extensions[model, default: []].append(Extension(retention: newClass, throughSeq: header.seq - 1))
            return
        }
        guard let model = payload["model"]?.stringValue else {
            throw LedgerError(.integrityFailure, "a \(type) entry must name its \"model\".", seq: header.seq)
        }
        switch type {
        case Self.holdPlaced:
            guard let caseID = payload["case"]?.stringValue else {
                throw LedgerError(.integrityFailure, "a legal hold must name its \"case\".", seq: header.seq)
            }
            holds[model, default: []].append(Hold(
                model: model, caseID: caseID, reason: payload["reason"]?.stringValue ?? "", placedSeq: header.seq,
                placedBy: header.actor.rawValue, placedAt: header.time))
        case Self.holdReleased:
            let caseID = payload["case"]?.stringValue
            holds[model]?.removeAll { $0.caseID == caseID }
            if holds[model]?.isEmpty == true { holds[model] = nil }
        default:
            guard let text = payload["class"]?.stringValue, let retention = RetentionClass(rawValue: text) else {
                throw LedgerError(.integrityFailure, "a retention.extended entry needs a \"class\".", seq: header.seq)
            }
            let through = min(payload["throughSeq"]?.intValue ?? header.seq - 1, header.seq - 1)
            extensions[model, default: []].append(Extension(retention: retention, throughSeq: through))
        }
    }

    /// Whether `a` keeps an entry longer than `b` (compared from a fixed date, so months and years
    /// are counted on the calendar).
    public static func isLonger(_ a: RetentionClass, than b: RetentionClass) -> Bool {
        let reference = Timestamp(millisecondsSinceEpoch: 946_684_800_000)  // 2000-01-01
        return reference.adding(a) > reference.adding(b)
    }

    /// The model a stream belongs to: `model/<slug>…`, `lineage/<slug>…`, `legal-hold/<slug>`,
    /// `retention/<slug>`; `nil` for shared streams (policy, boards, roles).
    public static func model(of stream: StreamName) -> String? {
        let parts = stream.rawValue.split(separator: "/", maxSplits: 2)
        guard parts.count >= 2, ["model", "lineage", "legal-hold", "retention"].contains(String(parts[0])) else { return nil }
        return String(parts[1])
    }

    /// When the payload of an entry may be purged: its time plus the longest of its own class and
    /// any extension covering it.
    public func expiry(of header: EntryHeader) -> Timestamp {
        var expiry = header.time.adding(header.retention)
        if let model = Self.model(of: header.stream) {
            for item in extensions[model] ?? [] where header.seq <= item.throughSeq {
                expiry = max(expiry, header.time.adding(item.retention))
            }
        }
        return expiry
    }

    /// Entry types whose payloads are the retention system's own records, kept for the life of
    /// the ledger: purging them would erase the evidence that purges and holds were lawful.
    public static let neverPurged: Set<String> = [
        "retention.purged", "retention.extended", "erasure.performed", holdPlaced, holdReleased, "policy.adopted",
    ]
}
