public import LedgerCore

/// Checks that a recorded purge was lawful: every payload it removed had outlived its window
/// (its own class, or a longer one from an extension) at the purge's `asOf`, that `asOf` was not
/// later than the purge itself, and that the entry's model was not under a legal hold.
///
/// Replay the log in seq order: feed every header to ``observe(_:)`` and the payloads of hold and
/// extension entries to ``state``; at each `retention.purged` entry call ``check(record:payload:)``.
public struct RetentionAudit: Sendable {
    /// One unlawful purge.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        public let recordSeq: Int
        public let purgedSeq: Int
        public let reason: String
        public var description: String { "seq \(recordSeq) purged seq \(purgedSeq) unlawfully: \(reason)" }
    }

    public var state = RetentionState()
    /// What a purge is judged by, per seq, kept compact (the headers themselves stay in the log).
    private struct Observed {
        let header: EntryHeader
    }
    private var observed: [Observed] = []
    public private(set) var violations: [Violation] = []

    public init() {}

    /// Remembers a header (purged payloads are judged by their headers, which stay). Headers
    /// must come in seq order from 0.
    public mutating func observe(_ header: EntryHeader) {
        guard header.seq == observed.count else { return }
        observed.append(Observed(header: header))
    }

    /// Judges one `retention.purged` record against the state at its position in the log.
    public mutating func check(record: EntryHeader, payload: JSONObject) {
        guard record.type.rawValue == "retention.purged" else { return }
        guard let asOfText = payload["asOf"]?.stringValue, let asOf = Timestamp(asOfText) else {
            violations.append(Violation(recordSeq: record.seq, purgedSeq: record.seq, reason: "the record has no valid asOf date"))
            return
        }
        if asOf > record.time {
            violations.append(Violation(recordSeq: record.seq, purgedSeq: record.seq, reason: "asOf \(asOf) is later than the purge itself (\(record.time))"))
        }
        var coverage = PurgeCoverage()
        do { try coverage.record(header: record, payload: payload) } catch {
            violations.append(Violation(recordSeq: record.seq, purgedSeq: record.seq, reason: error.message))
            return
        }
        for range in coverage.ranges {
            for seq in range {
                guard seq < observed.count else { continue }
                let header = observed[seq].header
                let expiry = state.expiry(of: header)
                if expiry > asOf {
                    violations.append(Violation(recordSeq: record.seq, purgedSeq: seq, reason: "its \(header.retention) window (with extensions) ends \(expiry), after asOf \(asOf)"))
                }
                if let model = RetentionState.model(of: header.stream), let hold = state.holds[model]?.first {
                    violations.append(Violation(recordSeq: record.seq, purgedSeq: seq, reason: "model \(model) was on legal hold (case \(hold.caseID), seq \(hold.placedSeq))"))
                }
                if RetentionState.neverPurged.contains(header.type.rawValue) {
                    violations.append(Violation(recordSeq: record.seq, purgedSeq: seq, reason: "\(header.type) records are kept for the life of the ledger"))
                }
            }
        }
    }
}
