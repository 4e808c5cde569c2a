/// Where a record lives: its batch entry's seq and its position in that batch.
public struct LineageRecordLocation: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let batchSeq: Int
    public let position: Int

    public init(batchSeq: Int, position: Int) {
        self.batchSeq = batchSeq
        self.position = position
    }

    /// One integer for both, `batchSeq · 2^20 + position` (positions are below 2^20).
    public var key: Int64 { Int64(batchSeq) << 20 | Int64(position) }

    public init(key: Int64) {
        self.init(batchSeq: Int(key >> 20), position: Int(key & 0xFFFFF))
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.key < rhs.key }
    public var description: String { "batch seq \(batchSeq) position \(position)" }
}

/// The `erasure.performed` entry of a subject erasure, and which records such entries cover.
///
/// Payload of the entry (on stream `erasure/lineage`):
///
/// ```json
/// {"count":3,"kind":"lineage.subject","ranges":[],"reason":"GDPR Art. 17 request 2025-117",
///  "records":[{"batch":12,"positions":[4,907]},{"batch":40,"positions":[5]}],
///  "subjectSHA256":"<64 hex: SHA-256 of the subject key>"}
/// ```
///
/// `records` names every erased record by batch entry seq and position, sorted; `ranges` is
/// empty because no entry payload is removed (format.md: an erasure that removes whole payloads
/// lists their seqs there). The raw subject key is never written to the log.
public enum LineageErasure {
    /// The event type.
    public static let eventType = EventType(rawValue: "erasure.performed")!
    /// The stream of lineage erasures.
    public static let stream = StreamName(rawValue: "erasure/lineage")!
    /// The payload's `kind`.
    public static let kind = "lineage.subject"

    /// The payload recording the erasure of `locations` for `subject`.
    public static func payload(subject: SubjectKey, locations: [LineageRecordLocation], reason: String) -> JSONObject {
        var groups: [(Int, [Int])] = []
        for location in locations.sorted() {
            if let last = groups.last, last.0 == location.batchSeq {
                groups[groups.count - 1].1.append(location.position)
            } else {
                groups.append((location.batchSeq, [location.position]))
            }
        }
        return [
            "kind": .string(kind), "subjectSHA256": .string(subject.digest.hex), "count": .number(Double(locations.count)),
            "records": .array(groups.map { batch, positions in
                ["batch": .number(Double(batch)), "positions": .array(positions.map { .number(Double($0)) })]
            }),
            "reason": .string(reason), "ranges": [],
        ]
    }

    /// The records an erasure payload names, or `nil` when the payload is not a lineage erasure.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` for a lineage erasure whose `records` are
    ///   malformed or name a batch at or after the erasure entry itself.
    public static func locations(in payload: JSONObject, erasureSeq: Int) throws(LedgerError) -> [LineageRecordLocation]? {
        guard payload["kind"]?.stringValue == kind else { return nil }
        guard let groups = payload["records"]?.arrayValue else {
            throw LedgerError(.integrityFailure, "a lineage erasure must list the erased \"records\".", seq: erasureSeq)
        }
        var out: [LineageRecordLocation] = []
        for group in groups {
            guard let batch = group["batch"]?.intValue, batch >= 0, batch < erasureSeq,
                let positions = group["positions"]?.arrayValue
            else {
                throw LedgerError(.integrityFailure, "a lineage erasure has a malformed record group \(group); each is {\"batch\": seq before the erasure, \"positions\": [...]}.", seq: erasureSeq)
            }
            for position in positions {
                guard let value = position.intValue, value >= 0, value < LineageBatch.maxRecords else {
                    throw LedgerError(.integrityFailure, "a lineage erasure names the position \(position), which is not a record position.", seq: erasureSeq)
                }
                out.append(LineageRecordLocation(batchSeq: batch, position: value))
            }
        }
        return out
    }
}
