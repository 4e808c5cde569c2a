/// Which absent payloads are legitimately absent: those covered by a `retention.purged` or
/// `erasure.performed` entry (level 2 of verification, docs/format.md).
///
/// Both entry types carry `"ranges": [[from, to], …]`, inclusive seq ranges whose payloads were
/// removed. A range covers only entries written before the covering entry, so a purge record can
/// never excuse a payload that disappears later.
///
/// ```swift
/// var coverage = PurgeCoverage()
/// try coverage.record(header: purgeEntry.header, payload: try purgeEntry.payload!.object())
/// coverage.covers(seq: 12) // true if 12 is in one of its ranges
/// ```
public struct PurgeCoverage: Sendable, Hashable {
    /// The event types whose payload lists purged ranges.
    public static let coveringTypes: Set<String> = ["retention.purged", "erasure.performed"]

    /// Covered ranges, sorted and merged.
    public private(set) var ranges: [ClosedRange<Int>] = []

    public init() {}

    /// Reads the ranges of a covering entry (other entry types are ignored).
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` when the payload's ranges are malformed or
    ///   reach the covering entry itself or beyond.
    public mutating func record(header: EntryHeader, payload: JSONObject) throws(LedgerError) {
        guard Self.coveringTypes.contains(header.type.rawValue) else { return }
        guard let list = payload["ranges"]?.arrayValue else {
            throw LedgerError(.integrityFailure, "a \(header.type) entry must list \"ranges\": [[from, to], …].", seq: header.seq)
        }
        for item in list {
            guard let pair = item.arrayValue, pair.count == 2, let from = pair[0].intValue, let to = pair[1].intValue,
                from >= 0, from <= to, to < header.seq
            else {
                throw LedgerError(.integrityFailure, "a \(header.type) entry has a malformed range \(item); each is [from, to] with from ≤ to < the entry's own seq.", seq: header.seq)
            }
            add(from...to)
        }
    }

    /// Adds a range, merging it with those it touches.
    public mutating func add(_ range: ClosedRange<Int>) {
        var merged = range
        var result: [ClosedRange<Int>] = []
        var inserted = false
        for existing in ranges {
            if existing.upperBound + 1 < merged.lowerBound {
                result.append(existing)
            } else if merged.upperBound + 1 < existing.lowerBound {
                if !inserted { result.append(merged); inserted = true }
                result.append(existing)
            } else {
                merged = min(existing.lowerBound, merged.lowerBound)...max(existing.upperBound, merged.upperBound)
            }
        }
        if !inserted { result.append(merged) }
        ranges = result
    }

    /// Whether `seq` lies in a covered range.
    public func covers(seq: Int) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let mid = (low + high) / 2
            if ranges[mid].upperBound < seq { low = mid + 1 } else { high = mid }
        }
        return low < ranges.count && ranges[low].contains(seq)
    }

    /// Compresses a sorted list of seqs into inclusive ranges.
    public static func ranges(of seqs: [Int]) -> [ClosedRange<Int>] {
        var result: [ClosedRange<Int>] = []
        for seq in seqs {
            if let last = result.last, last.upperBound + 1 == seq {
                result[result.count - 1] = last.lowerBound...seq
            } else {
                result.append(seq...seq)
            }
        }
        return result
    }
}
