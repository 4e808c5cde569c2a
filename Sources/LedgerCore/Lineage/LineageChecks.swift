/// The checks ingestion makes across records, before anything is written: duplicate prediction
/// ids within the file, prediction times in the future, and the pluggable ``LineageValidator``.
///
/// Duplicates against records already in the store are found by the store inside its write
/// transaction (see `SQLiteEventStore.ingestLineage`), where no other writer can interleave.
public struct LineageChecks: Sendable {
    /// How far a prediction's time may be ahead of the ingesting clock: 5 minutes by default,
    /// for scoring hosts whose clocks run slightly ahead.
    public static let defaultMaxClockSkewMilliseconds: Int64 = 5 * 60 * 1000

    /// The clock that decides what "the future" is.
    public var clock: LedgerClock
    /// The tolerated skew, in milliseconds. The default is ``defaultMaxClockSkewMilliseconds``.
    public var maxClockSkewMilliseconds: Int64
    /// The registry hook. The default accepts every record.
    public var validator: any LineageValidator

    public init(
        clock: LedgerClock, maxClockSkewMilliseconds: Int64 = LineageChecks.defaultMaxClockSkewMilliseconds,
        validator: any LineageValidator = AcceptingLineageValidator()
    ) {
        self.clock = clock
        self.maxClockSkewMilliseconds = maxClockSkewMilliseconds
        self.validator = validator
    }

    /// Checks `input` and returns every problem, the file's own (format) problems included,
    /// sorted by line.
    public func problems(in input: LineageInput) -> [LineageProblem] {
        var problems = input.problems
        let latest = clock.now().adding(milliseconds: maxClockSkewMilliseconds)
        // The first record of each id hash, and the first line of each id whose hash an
        // earlier, different id has (a 64-bit collision: ids are then compared as texts).
        var firstByHash: [Int64: Int] = [:]
        firstByHash.reserveCapacity(input.records.count)
        var collided: [PredictionID: Int] = [:]
        let checksRecords = !(validator is AcceptingLineageValidator)
        // The records are read in place: copying each would retain and release all its strings.
        input.records.withUnsafeBufferPointer { items in
            for item in items.indices {
                var reasons: [LineageFieldProblem] = []
                let line = items[item].line
                let time = items[item].time
                let hash = items[item].prepared.idHash
                // One lookup per record: a duplicate finds the first record of its hash.
                var earlier: Int?
                if let first = firstByHash.updateValue(item, forKey: hash) {
                    firstByHash[hash] = first
                    let id = items[item].predictionId
                    if items[first].predictionId == id {
                        earlier = items[first].line
                    } else if let seen = collided.updateValue(line, forKey: id) {
                        collided[id] = seen
                        earlier = seen
                    }
                }
                if let earlier {
                    reasons.append(LineageFieldProblem(field: "predictionId", message: "duplicates the record on line \(earlier); each prediction is recorded once"))
                }
                if time > latest {
                    reasons.append(LineageFieldProblem(field: "time", message: "\(time) is more than \(maxClockSkewMilliseconds / 1000) s ahead of the ledger's clock (\(latest.adding(milliseconds: -maxClockSkewMilliseconds))); check the scoring host's clock"))
                }
                if reasons.isEmpty, checksRecords {
                    reasons = validator.problems(with: items[item])
                }
                if !reasons.isEmpty {
                    problems.append(LineageProblem(line: line, predictionId: items[item].predictionId.rawValue, reasons: reasons))
                }
            }
        }
        problems.sort { $0.line < $1.line }
        return problems
    }
}
