public import LedgerCore

/// Decides which payloads may be purged at a date: those whose window has ended, that are not
/// under a legal hold, and that are not the retention system's own records.
///
/// ```swift
/// var planner = RetentionPlanner(asOf: date, state: state)
/// for header in headers { planner.consider(header, hasPayload: true) }
/// planner.plan.purgeable // the seqs to purge
/// ```
public struct RetentionPlanner: Sendable {
    /// One line of the plan: a retention class and a model (or shared entries).
    public struct Group: Sendable, Hashable {
        public let retention: String
        public let model: String?
        public var count: Int
        public var oldest: Timestamp
        public var newest: Timestamp
    }

    /// The plan.
    public struct Plan: Sendable {
        public let asOf: Timestamp
        /// Seqs whose payload would be purged, ascending.
        public var purgeable: [Int] = []
        /// Purgeable entries grouped by class and model.
        public var groups: [Group] = []
        /// Entries past their window but kept because their model is on legal hold, by model.
        public var held: [String: Int] = [:]
        /// Payloads already purged earlier.
        public var alreadyPurged = 0

        /// The plan as JSON.
        public var json: JSONObject {
            var object = JSONObject()
            object["asOf"] = .string(asOf.description)
            object["purgeable"] = .number(Double(purgeable.count))
            object["ranges"] = .array(PurgeCoverage.ranges(of: purgeable).map { .array([.number(Double($0.lowerBound)), .number(Double($0.upperBound))]) })
            object["groups"] = .array(groups.map { group in
                var item = JSONObject()
                item["retention"] = .string(group.retention)
                item["model"] = group.model.map { .string($0) } ?? .null
                item["count"] = .number(Double(group.count))
                item["oldest"] = .string(group.oldest.description)
                item["newest"] = .string(group.newest.description)
                return .object(item)
            })
            object["held"] = .object(JSONObject(uniquingKeysWith: held.map { ($0.key, JSONValue.number(Double($0.value))) }))
            object["alreadyPurged"] = .number(Double(alreadyPurged))
            return object
        }
    }

    public let state: RetentionState
    public private(set) var plan: Plan
    private var groupIndex: [String: Int] = [:]

    public init(asOf: Timestamp, state: RetentionState) {
        self.state = state
        self.plan = Plan(asOf: asOf)
    }

    /// Considers one entry, in seq order.
    public mutating func consider(_ header: EntryHeader, hasPayload: Bool) {
        guard hasPayload else {
            plan.alreadyPurged += 1
            return
        }
        guard !RetentionState.neverPurged.contains(header.type.rawValue), state.expiry(of: header) <= plan.asOf else { return }
        let model = RetentionState.model(of: header.stream)
        if let model, state.holds[model] != nil {
            plan.held[model, default: 0] += 1
            return
        }
        plan.purgeable.append(header.seq)
        let key = header.retention.rawValue + "|" + (model ?? "")
        if let index = groupIndex[key] {
            plan.groups[index].count += 1
            plan.groups[index].newest = max(plan.groups[index].newest, header.time)
        } else {
            groupIndex[key] = plan.groups.count
            plan.groups.append(Group(retention: header.retention.rawValue, model: model, count: 1, oldest: header.time, newest: header.time))
        }
    }

    /// The `retention.purged` record for this plan, on stream `ledger/retention`.
    public func record(actor: Principal, retention: RetentionClass) -> EntryDraft {
        var payload = plan.json
        payload["rule"] = "payload retention window ended; no legal hold on the model"
        return EntryDraft(
            stream: StreamName("ledger/retention")!, type: EventType("retention.purged")!, actor: actor,
            retention: retention, payload: payload)
    }
}
