/// One batch of prediction records of one model, ready to be appended as one ledger entry
/// (`prediction.batch.recorded` on `lineage/<model>`) beside its records.
///
/// The entry's payload commits to the records through their Merkle root:
///
/// ```json
/// {"count":10000,"from":"2025-01-15T09:00:00.000Z","model":"fraud-detection-engine",
///  "recordFormat":"govledger.prediction/v1","root":"<64 hex>","to":"2025-01-15T09:04:59.998Z",
///  "versions":["3.2.0"]}
/// ```
///
/// `root` is the RFC 9162 root over the records' leaf hashes in batch order, `count` the number of
/// records, `from`/`to` the earliest and latest record `time`, `versions` the distinct model
/// versions of the records, sorted by their bytes.
public struct LineageBatch: Sendable {
    /// One record of the batch as the store keeps it.
    public struct Record: Hashable, Sendable {
        /// The line of the ingestion file it came from (0 when not from a file).
        public var line: Int
        /// `JCS(record)`, in a block shared with the records read beside it.
        public var canonicalBytes: CanonicalRecordBytes
        /// ``LineageKeyHash`` of the prediction id and of the subject key: the store's index keys,
        /// computed by the reader so that the writer does not.
        public var idHash: Int64
        public var subjectHash: Int64?

        /// The record, read back from its canonical bytes.
        public var record: PredictionRecord { PredictionRecord(canonical: canonicalBytes) }
        /// The record's prediction id, read from its canonical bytes (the store needs it only
        /// when an id's key is taken already).
        public var predictionId: PredictionID { record.predictionId }
        /// The record's subject key, read from its canonical bytes.
        public var subject: SubjectKey? { record.subject }
    }

    /// The event type of a batch entry.
    public static let eventType = EventType(rawValue: "prediction.batch.recorded")!
    /// The value of `recordFormat` in the payload: records as ``PredictionRecord`` specifies.
    public static let recordFormat = "govledger.prediction/v1"
    /// The largest batch: record positions are kept in 20 bits.
    public static let maxRecords = 1 << 20
    /// The default batch size.
    public static let defaultRecords = 10_000

    public let model: String
    public let records: [Record]
    public let tree: LineageBatchTree
    /// The payload of the batch entry.
    public let payload: JSONObject

    /// The stream of the batch entry, `lineage/<model>`.
    public var stream: StreamName { StreamName(rawValue: "lineage/" + model)! }

    /// The entry to append for this batch.
    public func entryDraft(actor: Principal, retention: RetentionClass) -> EntryDraft {
        EntryDraft(stream: stream, type: Self.eventType, actor: actor, retention: retention, payload: payload)
    }

    /// Groups records by model, in the order each model first appears, and cuts each model's
    /// records (in file order) into batches of at most `size`.
    ///
    /// - Precondition: `1 ≤ size ≤` ``maxRecords``.
    public static func plan(_ records: [LineageInputRecord], size: Int) -> [LineageBatch] {
        precondition(size >= 1 && size <= maxRecords, "a lineage batch holds 1 to 2^20 records")
        let hasher = SHA256Hasher()
        return cut(records, size: size).map { LineageBatch(model: $0.model, of: records, at: $0.positions, hasher: hasher) }
    }

    /// ``plan(_:size:)`` with the batches built `parts` at a time (canonical bytes, leaf hashes
    /// and trees are independent per batch), so that planning uses several cores. The batches
    /// are exactly ``plan(_:size:)``'s, in the same order.
    ///
    /// - Precondition: `1 ≤ size ≤` ``maxRecords``.
    public static func plan(_ records: [LineageInputRecord], size: Int, parts: Int) async -> [LineageBatch] {
        precondition(size >= 1 && size <= maxRecords, "a lineage batch holds 1 to 2^20 records")
        let slices = cut(records, size: size)
        guard parts > 1, slices.count > 1 else { return plan(records, size: size) }
        return await withTaskGroup(of: (Int, [LineageBatch]).self) { group in
            let stride = (slices.count + parts - 1) / parts
            for first in Swift.stride(from: 0, to: slices.count, by: stride) {
                let mine = Array(slices[first..<min(first + stride, slices.count)])
                group.addTask {
                    let hasher = SHA256Hasher()
                    return (first, mine.map { LineageBatch(model: $0.model, of: records, at: $0.positions, hasher: hasher) })
                }
            }
            var built: [(Int, [LineageBatch])] = []
            for await part in group { built.append(part) }
            return built.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// The batches, as positions in `records`: grouped by model, in the order each model first
    /// appears, each model's records (in file order) cut into slices of at most `size`.
    private static func cut(_ records: [LineageInputRecord], size: Int) -> [(model: String, positions: ArraySlice<Int>)] {
        var models: [String] = []
        var positions: [[Int]] = []
        // A file names few models: they are compared in a list, and hashed only when there are many.
        var slots: [String: Int] = [:]
        records.withUnsafeBufferPointer { items in
            for position in items.indices {
                let model = items[position].model
                let slot: Int
                if let known = models.count <= 8 ? models.firstIndex(of: model) : slots[model] {
                    slot = known
                } else {
                    slot = models.count
                    models.append(model)
                    slots[model] = slot
                    positions.append([])
                }
                positions[slot].append(position)
            }
        }
        var slices: [(model: String, positions: ArraySlice<Int>)] = []
        for (model, all) in zip(models, positions) {
            var start = 0
            while start < all.count {
                slices.append((model, all[start..<min(start + size, all.count)]))
                start += size
            }
        }
        return slices
    }

    /// The batch of `model` holding the records of `all` at `positions`, in that order.
    private init(model: String, of all: [LineageInputRecord], at positions: ArraySlice<Int>, hasher: SHA256Hasher) {
        var records: [Record] = []
        records.reserveCapacity(positions.count)
        var leaves: [SHA256Digest] = []
        leaves.reserveCapacity(positions.count)
        var versions = DistinctTexts()
        var from = all[positions.first!].time
        var to = from
        // The records are read in place: copying each would retain and release its strings.
        all.withUnsafeBufferPointer { items in
            for position in positions {
                let prepared = items[position].prepared
                leaves.append(prepared.leaf)
                records.append(Record(
                    line: items[position].line, canonicalBytes: prepared.canonical, idHash: prepared.idHash, subjectHash: prepared.subjectHash))
                versions.insert(items[position].version)
                let time = items[position].time
                from = min(from, time)
                to = max(to, time)
            }
        }
        self.model = model
        self.records = records
        self.tree = LineageBatchTree(leaves: leaves)
        let sortedVersions = versions.all.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.payload = [
            "model": .string(model), "count": .number(Double(records.count)), "root": .string(tree.root.hex),
            "from": .string(from.description), "to": .string(to.description),
            "versions": .array(sortedVersions.map { .string($0) }), "recordFormat": .string(Self.recordFormat),
        ]
    }
}

/// The distinct texts of a batch's records (its versions), in first-seen order: a list while they
/// are few, as they usually are, and a set beside it when they are many.
private struct DistinctTexts {
    private(set) var all: [String] = []
    private var set: Set<String> = []

    mutating func insert(_ text: String) {
        if all.count < 16 {
            guard !all.contains(text) else { return }
            all.append(text)
            if all.count == 16 { set = Set(all) }
        } else if set.insert(text).inserted {
            all.append(text)
        }
    }
}

/// The commitment a batch entry's payload makes, read back for proofs and verification.
public struct LineageBatchCommitment: Hashable, Sendable {
    public let model: String
    public let count: Int
    public let root: SHA256Digest
    public let from: Timestamp
    public let to: Timestamp
    public let versions: [String]

    /// Reads the payload of a `prediction.batch.recorded` entry.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` when a member is missing or malformed.
    public init(payload: JSONObject) throws(LedgerError) {
        guard let model = payload["model"]?.stringValue, let count = payload["count"]?.intValue, count >= 1,
            let rootText = payload["root"]?.stringValue, let root = SHA256Digest(hex: rootText),
            let fromText = payload["from"]?.stringValue, let from = Timestamp(fromText),
            let toText = payload["to"]?.stringValue, let to = Timestamp(toText),
            let versions = payload["versions"]?.arrayValue?.compactMap(\.stringValue),
            payload["recordFormat"]?.stringValue == LineageBatch.recordFormat
        else {
            throw LedgerError(.integrityFailure, "The batch entry's payload is not a \(LineageBatch.eventType) commitment (model, count, root, from, to, versions, recordFormat \(LineageBatch.recordFormat)).")
        }
        self.model = model
        self.count = count
        self.root = root
        self.from = from
        self.to = to
        self.versions = versions
    }

    /// Whether `record` could belong to this batch: same model, a listed version, a time in range.
    public func admits(_ record: PredictionRecord) -> Bool {
        record.model == model && versions.contains(record.version) && record.time >= from && record.time <= to
    }
}
