public import LedgerCore

/// An entry that breaks a governance rule although its hashes may be intact.
public struct RuleViolation: Hashable, Sendable, CustomStringConvertible {
    /// The entry's seq.
    public let seq: Int
    public let type: EventType
    public let stream: StreamName
    /// The rule broken.
    public let rule: GovernanceRule
    /// What the entry did, such as "transition fraud-detection-engine 3.3.0 staging → approved".
    public let subject: String
    /// Why it breaks the rule.
    public let reason: String

    /// "seq 42 (model.version.transitioned): transition … breaks rule approvals: …".
    public var description: String { "seq \(seq) (\(type)): \(subject) breaks rule \(rule): \(reason)" }

    /// The JSON form `{"seq", "type", "stream", "rule", "subject", "reason"}`.
    public var json: JSONValue {
        [
            "seq": .number(Double(seq)), "type": .string(type.rawValue), "stream": .string(stream.rawValue),
            "rule": .string(rule.rawValue), "subject": .string(subject), "reason": .string(reason),
        ]
    }
}

/// The outcome of checking a log against the governance rules.
public struct RuleReport: Hashable, Sendable {
    /// Entries read.
    public let entriesChecked: Int
    /// Entries of the governance catalog among them.
    public let eventsChecked: Int
    /// Catalog entries whose payload was purged, which could not be checked.
    public let payloadsPurged: Int
    /// Entries whose rule check failed only because an earlier entry of the same stream was
    /// purged by retention (the facts the rule needs are gone); integrity still covers them.
    public let unverifiableAfterPurge: Int
    /// Every violation, in seq order.
    public let violations: [RuleViolation]

    /// Whether no entry breaks a rule.
    public var isValid: Bool { violations.isEmpty }
}

/// Level-3 verification: replays a whole log through the governance rules and reports every
/// entry that breaks one, even when all hashes are intact — what a compromised or buggy writer
/// could append: a transition without its validations or approvals, a vote by a non-member or
/// with a bad signature, a decision that does not match its tally, an entry without the policy
/// digest, a version that does not increase, a retention class shorter than the tier's.
///
/// Each entry is checked with ``GovernanceRules/check(_:context:in:)`` against the state that
/// the entries before it built, then applied whether or not it passed, so the state always
/// reflects the log. Entries of types outside the catalog are skipped; purged payloads are
/// counted and skipped.
///
/// ```swift
/// var checker = RuleChecker()
/// for entry in entries { checker.check(entry) }
/// let report = checker.finish()
/// for violation in report.violations { print(violation) }
/// ```
public struct RuleChecker: Sendable {
    /// The state built so far.
    public private(set) var state = RegistryState()
    private var violations: [RuleViolation] = []
    private var entries = 0
    private var events = 0
    private var purged = 0
    private var unverifiable = 0
    /// Streams with a purged catalog entry: later rule failures there may only reflect the purge.
    private var purgedStreams: Set<StreamName> = []
    /// Lawful-purge checking: every retention.purged entry against the headers it names.
    private var retention = RetentionAudit()
    private let policies: PolicyCache

    /// A checker at the start of a log; `policies` may be shared with other readers.
    public init(policies: PolicyCache = PolicyCache()) {
        self.policies = policies
    }

    /// Checks the next entry of the log (entries must come in seq order).
    public mutating func check(_ entry: Entry) {
        entries += 1
        let header = entry.header
        checkRetention(entry)
        guard GovernanceEvent.catalog.contains(header.type) else { return }
        guard let sealed = entry.payload else {
            purged += 1
            purgedStreams.insert(header.stream)
            return
        }
        events += 1
        let afterPurge = purgedStreams.contains(header.stream)
        func report(_ rule: GovernanceRule, _ subject: String, _ reason: String) {
            if afterPurge, rule != .catalog, rule != .policyDigest {
                unverifiable += 1
                return
            }
            violations.append(RuleViolation(seq: header.seq, type: header.type, stream: header.stream, rule: rule, subject: subject, reason: reason))
        }
        let event: GovernanceEvent
        do {
            let object = try sealed.object()
            if header.type != .policyAdopted, object["policyDigest"] == nil {
                report(.policyDigest, "this \(header.type) entry", "it names no policyDigest; every decision names the digest of the policy in force")
                return
            }
            guard let decoded = try GovernanceEvent.decode(type: header.type, payload: object, policies: policies) else { return }
            event = decoded
        } catch {
            report(.catalog, "this \(header.type) entry", error.message)
            return
        }
        let context = EventContext(header: header)
        do {
            try GovernanceRules.check(event, context: context, in: state)
        } catch {
            report(error.rule, error.subject, error.reason)
            if error.rule == .followUp, let slug = event.model {
                // Report a missing follow-up once, not again for every later entry of the stream.
                state.models[slug]?.pendingFollowUp = nil
                state.models[slug]?.pendingDerived = []
            }
        }
        state.apply(event, context: context)
    }

    private mutating func checkRetention(_ entry: Entry) {
        let header = entry.header
        let type = header.type.rawValue
        if type == "retention.purged" || RetentionState.relevantTypes.contains(type), let payload = try? entry.payload?.object() {
            if type == "retention.purged" { retention.check(record: header, payload: payload) }
            try? retention.state.apply(header: header, payload: payload)
        }
        retention.observe(header)
    }

    /// Ends the log: reports follow-ups that never came, and returns the report.
    public func finish() -> RuleReport {
        var all = violations
        for problem in retention.violations {
            all.append(RuleViolation(
                seq: problem.recordSeq, type: EventType("retention.purged")!, stream: StreamName("ledger/retention")!,
                rule: .lawfulPurge, subject: "the purge of seq \(problem.purgedSeq)", reason: problem.reason))
        }
        for model in state.modelsInOrder {
            guard let pending = model.pendingFollowUp, let seq = pending.seq, !purgedStreams.contains(model.slug.stream) else { continue }
            let type: EventType = switch pending.followUp {
            case .decision: .voteCast
            case .supersession, .restore: .versionTransitioned
            case .alertRaised, .alertResolved, .retrainingTriggered: .monitoringSnapshotRecorded
            case .deploymentRollback: .deploymentReported
            case .stageRollback: .deploymentRolledBack
            }
            all.append(RuleViolation(
                seq: seq, type: type, stream: model.slug.stream, rule: .followUp,
                subject: "the entry at seq \(seq)", reason: "it requires \(pending.followUp) next on the stream, but the log ends without it"))
        }
        all.sort { $0.seq < $1.seq }
        return RuleReport(entriesChecked: entries, eventsChecked: events, payloadsPurged: purged, unverifiableAfterPurge: unverifiable, violations: all)
    }

    /// Checks a whole log.
    public static func check(_ entries: some Sequence<Entry>, policies: PolicyCache = PolicyCache()) -> RuleReport {
        var checker = RuleChecker(policies: policies)
        for entry in entries { checker.check(entry) }
        return checker.finish()
    }
}
