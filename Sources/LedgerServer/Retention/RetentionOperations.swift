public import Governance
public import LedgerCore
public import LedgerStore

/// Retention plans, purges and legal holds over a ledger file: `govledger retention` and
/// `govledger hold` call these, and so do `/v1/retention/…` and `/v1/legal-holds`. The rules
/// are ``RetentionPlanner`` and ``RetentionState``'s; this only reads the log and appends.
public enum RetentionOperations {
    /// Why an operation was refused; nothing was written.
    public struct Refusal: Error, Sendable {
        public enum Kind: Sendable { case unknownModel, conflict, notCompliance, badInput }
        public let kind: Kind
        public let message: String
    }

    /// Two passes: holds and extensions first (they may come after the entries they protect),
    /// then the plan.
    public static func plan(store: SQLiteEventStore, asOf: Timestamp) throws -> RetentionPlanner {
        var state = RetentionState()
        try store.forEachEntry(EntryQuery()) { row in
            let header = try EntryHeader(canonicalBytes: row.headerBytes)
            if RetentionState.relevantTypes.contains(header.type.rawValue) {
                try state.apply(header: header, payload: try row.payload?.object())
            }
        }
        var planner = RetentionPlanner(asOf: asOf, state: state)
        try store.forEachEntry(EntryQuery()) { row in
            planner.consider(try EntryHeader(canonicalBytes: row.headerBytes), hasPayload: row.payload != nil)
        }
        return planner
    }

    /// Purges what the plan as of `asOf` lists and appends one `retention.purged` entry,
    /// atomically; `nil` when there is nothing to purge (nothing is written).
    public static func apply(store: SQLiteEventStore, asOf: Timestamp, actor: Principal) throws -> (plan: RetentionPlanner.Plan, record: Entry?) {
        let planner = try plan(store: store, asOf: asOf)
        return (planner.plan, try purge(planner, store: store, actor: actor))
    }

    /// Purges what `planner` planned and appends its `retention.purged` entry, atomically;
    /// `nil` when the plan is empty.
    public static func purge(_ planner: RetentionPlanner, store: SQLiteEventStore, actor: Principal) throws -> Entry? {
        guard !planner.plan.purgeable.isEmpty else { return nil }
        return try store.purgePayloads(planner.plan.purgeable) { _ in
            planner.record(actor: actor, retention: .sevenYears)
        }
    }

    /// The active legal holds, in the order they were placed.
    public static func holds(store: SQLiteEventStore) throws -> [RetentionState.Hold] {
        try plan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state.holds.values.flatMap { $0 }.sorted { $0.placedSeq < $1.placedSeq }
    }

    /// A hold as `govledger hold list --json` prints it.
    public static func json(_ hold: RetentionState.Hold) -> JSONObject {
        ["model": .string(hold.model), "case": .string(hold.caseID), "reason": .string(hold.reason),
         "placedSeq": .int(hold.placedSeq), "placedBy": .string(hold.placedBy), "placedAt": .string(hold.placedAt.description)]
    }

    /// Places a legal hold on `model` for `caseID` (`legal.hold.placed`).
    public static func placeHold(
        model: String, caseID: String, reason: String, actor: Principal, store: SQLiteEventStore, service: GovernanceService<SQLiteEventStore>
    ) async throws -> Entry {
        try requireText(caseID: caseID, reason: reason)
        guard let stream = StreamName("model/" + model), try store.streamVersionNow(of: stream) > 0 else {
            throw Refusal(kind: .unknownModel, message: "There is no model '\(model.prefix(100))' in this ledger; 'govledger registry' lists the models.")
        }
        let state = try plan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state
        if state.holds[model]?.contains(where: { $0.caseID == caseID }) == true {
            throw Refusal(kind: .conflict, message: "Model \(model) is already on hold for case \(caseID.prefix(100)).")
        }
        try await requireCompliance(actor, service: service)
        return try record(RetentionState.holdPlaced, model: model, caseID: caseID, reason: reason, actor: actor, store: store)
    }

    /// Releases the active hold on `model` for `caseID` (`legal.hold.released`).
    public static func releaseHold(
        model: String, caseID: String, reason: String, actor: Principal, store: SQLiteEventStore, service: GovernanceService<SQLiteEventStore>
    ) async throws -> Entry {
        try requireText(caseID: caseID, reason: reason)
        let state = try plan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state
        guard state.holds[model]?.contains(where: { $0.caseID == caseID }) == true else {
            throw Refusal(kind: .unknownModel, message: "Model \(model.prefix(100)) has no active hold for case \(caseID.prefix(100)); 'govledger hold list' shows the active holds.")
        }
        try await requireCompliance(actor, service: service)
        return try record(RetentionState.holdReleased, model: model, caseID: caseID, reason: reason, actor: actor, store: store)
    }

    private static func requireText(caseID: String, reason: String) throws {
        guard !caseID.isEmpty, !reason.isEmpty else {
            throw Refusal(kind: .badInput, message: "The case and the reason must not be empty: a hold must say which matter it serves and why.")
        }
    }

    /// Holds are placed and released by principals holding the compliance role (assigned with
    /// 'govledger role assign'), once a policy with roles is in force.
    static func requireCompliance(_ principal: Principal, service: GovernanceService<SQLiteEventStore>) async throws {
        let (state, _) = try await service.state(models: [])
        guard let policy = state.policy else { return }
        let compliance = RoleName(rawValue: "compliance")!
        guard policy.policy.roles[compliance] != nil else { return }
        guard state.holds(principal, role: compliance) else {
            throw Refusal(kind: .notCompliance, message: "Legal holds are placed and released by the compliance role, which \(principal) does not hold. Ask an administrator to run 'govledger role assign --principal \(principal) --role compliance', or act as a compliance officer.")
        }
    }

    static func record(_ type: String, model: String, caseID: String, reason: String, actor: Principal, store: SQLiteEventStore) throws -> Entry {
        let stream = try StreamName.parse("legal-hold/" + model)
        let draft = EntryDraft(
            stream: stream, type: try EventType.parse(type), actor: actor, retention: .sevenYears,
            payload: ["model": .string(model), "case": .string(caseID), "reason": .string(reason)],
            expectedVersion: try store.streamVersionNow(of: stream))
        guard let entry = try store.appendNow([draft]).first else { throw LedgerError(.integrityFailure, "Nothing was written.") }
        return entry
    }
}
