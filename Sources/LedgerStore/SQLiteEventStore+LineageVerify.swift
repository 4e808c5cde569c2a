public import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

/// The outcome of checking the stored lineage against the log.
public struct LineageVerificationReport: Sendable {
    /// Batch entries whose stored tree and records were checked.
    public var batchesChecked = 0
    /// Records present whose bytes hash to their leaf.
    public var recordsChecked = 0
    /// Records absent and covered by a chained erasure entry.
    public var recordsErased = 0
    /// Records absent because a chained retention purge removed their batch entry's payload.
    public var recordsPurged = 0
    /// Batches whose entry payload was purged: their trees are checked, not their commitment.
    public var batchesWithoutCommitment = 0
    /// The first failure, or `nil`.
    public var failure: LedgerError?
    /// Wall-clock seconds spent.
    public var seconds: Double = 0

    public var isValid: Bool { failure == nil }
}

extension SQLiteEventStore {
    /// Checks every lineage batch against the log and tells erased records from tampered ones.
    ///
    /// For each `prediction.batch.recorded` entry: a stored batch exists with the payload's model
    /// and count; every stored tree level recomputes from the leaves and the root equals the
    /// payload's `root`; each record present parses strictly, is canonical, belongs to the batch,
    /// hashes to its leaf and is indexed at its place (with its subject row, if it has a subject).
    /// A record absent is legitimate only when a chained `erasure.performed` entry names it, or
    /// when its batch entry's payload is absent and a chained `retention.purged` (or
    /// `erasure.performed`) entry's ranges cover the batch entry; a record named by an erasure
    /// but still present means the erasure did not happen. Index and record
    /// rows outside every batch are failures too. The first failure stops the check.
    public func verifyLineage() throws -> LineageVerificationReport {
        let start = ContinuousClock.now
        var report = LineageVerificationReport()
        do {
            try pool.read { db in try Self.verifyLineage(db, into: &report) }
        } catch let error as LedgerError {
            report.failure = error
        }
        let elapsed = start.duration(to: .now)
        report.seconds = elapsed.seconds
        return report
    }

    private static func verifyLineage(_ db: Database, into report: inout LineageVerificationReport) throws {
        // Records the chained erasure entries name (the bookkeeping table is not trusted).
        var erased: [Int64: Int] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT h.seq, p.payload FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq
            WHERE h.type = 'erasure.performed' ORDER BY h.seq
            """) {
            let seq: Int = row[0]
            guard let payload: Data = row[1], case .object(let object) = try JSONValue.parse(Array(payload)) else {
                throw LedgerError(.integrityFailure, "the payload of this erasure entry is missing or not an object, so the records it erased cannot be told from deleted ones.", seq: seq)
            }
            for location in try LineageErasure.locations(in: object, erasureSeq: seq) ?? [] { erased[location.key] = seq }
        }
        // Payload purges the chained entries record, each with the ranges it covers.
        var purges: [(seq: Int, coverage: PurgeCoverage)] = []
        for row in try Row.fetchAll(db, sql: """
            SELECT h.seq, h.header, p.payload FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq
            WHERE h.type IN ('retention.purged', 'erasure.performed') ORDER BY h.seq
            """) {
            let seq: Int = row[0]
            guard let payload: Data = row[2], case .object(let object) = try JSONValue.parse(Array(payload)) else { continue }
            var coverage = PurgeCoverage()
            try coverage.record(header: try EntryHeader(canonicalBytes: Array(row[1] as Data)), payload: object)
            purges.append((seq, coverage))
        }
        let batches = try Row.fetchCursor(db, sql: """
            SELECT h.seq, h.header, p.salt, p.payload, b.model, b.count, b.tree
            FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq LEFT JOIN lineage_batch b ON b.seq = h.seq
            WHERE h.type = 'prediction.batch.recorded' ORDER BY h.seq
            """)
        let hasher = SHA256Hasher()
        let keyHasher = SHA256Hasher()
        // Ids kept in full (collisions, removed records), by id and by the key they lead to.
        var exactByID: [String: Int64] = [:]
        var exactByKey: [Int64: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT prediction_id, key FROM lineage_id_exact") {
            let id: String = row[0]
            let key: Int64 = row[1]
            exactByID[id] = key
            guard exactByKey.updateValue(id, forKey: key) == nil else {
                throw LedgerError(.integrityFailure, "the lineage index keeps two prediction ids for \(LineageRecordLocation(key: key)).", seq: Int(key >> 20))
            }
        }
        var exactRowsUsed = 0
        // The index entries the records call for, checked against the runs a slice of records at a
        // time (``IndexSlices``), so memory stays bounded whatever the ledger's size.
        var slices = IndexSlices(db)
        /// The id kept in full for a removed record (erased or purged); its hash entry, if any, must lead to it.
        func removedRecordIndexed(_ key: Int64, _ fail: (String) -> LedgerError, _ place: String) throws {
            guard let id = exactByKey[key] else {
                throw fail("the lineage index keeps no prediction id for the removed record at \(place): lookups of it would say it was never recorded.")
            }
            exactRowsUsed += 1
            try slices.expect(id: LineageIndex.hash(id, using: keyHasher), key: key, required: false)
        }
        while let row = try batches.next() {
            let seq: Int = row[0]
            func fail(_ message: String) -> LedgerError { LedgerError(.integrityFailure, message, seq: seq) }
            guard let model: String = row[4], let count: Int = row[5], let treeData: Data = row[6] else {
                throw fail("this prediction.batch.recorded entry has no stored batch: its records are missing.")
            }
            let header = try EntryHeader(canonicalBytes: Array(row[1] as Data))
            guard header.stream.rawValue == "lineage/" + model else {
                throw fail("the stored batch is of model '\(model)' but its entry is on stream \(header.stream).")
            }
            let tree = try LineageBatchTree(count: count, bytes: Array(treeData))
            if let damaged = tree.firstDamagedNode() {
                throw fail("the stored tree of this batch is damaged at level \(damaged.level), index \(damaged.index): it does not recompute from the record leaves.")
            }
            var commitment: LineageBatchCommitment?
            var purgedBy: Int?
            if let salt: Data = row[2], let payload: Data = row[3] {
                let sealed = SealedPayload(canonicalBytes: Array(payload), salt: Array(salt))
                guard sealed.digest(using: hasher) == header.payloadSHA256 else {
                    throw fail("the batch entry's payload does not match its header's payloadSHA256.")
                }
                let parsed = try LineageBatchCommitment(payload: try sealed.object())
                guard parsed.model == model, parsed.count == count else {
                    throw fail("the batch entry commits to \(parsed.count) records of '\(parsed.model)', but the store holds a batch of \(count) of '\(model)'.")
                }
                guard tree.root == parsed.root else {
                    throw fail("the stored batch tree has root \(tree.root.hex) but the batch entry commits to \(parsed.root.hex): the records or their leaves were replaced.")
                }
                commitment = parsed
            } else {
                report.batchesWithoutCommitment += 1
                purgedBy = purges.first { $0.coverage.covers(seq: seq) }?.seq
            }
            // The batch's stored records by position (nil where none is stored).
            let base = LineageRecordLocation(batchSeq: seq, position: 0).key
            var stored = [[UInt8]?](repeating: nil, count: count)
            try LineageChunks.forEachChunk(base, base + Int64(LineageBatch.maxRecords), db) { first, records in
                for (offset, content) in records.enumerated() {
                    let position = Int(first - base) + offset
                    guard position < count else {
                        throw fail("a record is stored at position \(position), outside the batch's \(count) records.")
                    }
                    stored[position] = content
                }
            }
            for position in 0..<count {
                let key = base + Int64(position)
                let content = stored[position]
                let place = "position \(position)"
                guard let content else {
                    if erased[key] == nil, purgedBy != nil {
                        try removedRecordIndexed(key, fail, place)
                        report.recordsPurged += 1
                        continue
                    }
                    guard erased[key] != nil else {
                        throw fail("the record at \(place) is missing and no erasure entry names it\(commitment == nil ? " nor a retention purge covers its batch entry" : ""): it was deleted outside the ledger.")
                    }
                    try removedRecordIndexed(key, fail, place)
                    report.recordsErased += 1
                    continue
                }
                if let by = erased[key] {
                    throw fail("the record at \(place) was erased by the entry at seq \(by), but its content is still stored.")
                }
                hasher.update(byte: 0)
                hasher.update(content)
                guard hasher.finalize() == tree.leaf(position) else {
                    throw fail("the record at \(place) does not hash to its leaf: it was altered after it was recorded (tampered, not erased).")
                }
                guard case .success(let record) = PredictionRecord.read(content), record.canonicalBytes() == content else {
                    throw fail("the record at \(place) is not a canonical prediction record.")
                }
                if let commitment, !commitment.admits(record) {
                    throw fail("the record at \(place) does not belong to its batch (model, versions or time range).")
                }
                let id = record.predictionId.rawValue
                if let kept = exactByID[id] {
                    guard kept == key, exactByKey[key] == id else {
                        throw fail("the lineage index keeps \(record.predictionId) for another place than the record at \(place): lookups by prediction id would be wrong.")
                    }
                    exactRowsUsed += 1
                    try slices.expect(id: LineageIndex.hash(id, using: keyHasher), key: key, required: false)
                } else if let other = exactByKey[key] {
                    throw fail("the lineage index keeps the id \(other) for the record at \(place), which holds \(record.predictionId).")
                } else {
                    try slices.expect(id: LineageIndex.hash(id, using: keyHasher), key: key, required: true)
                }
                if let subject = record.subject {
                    try slices.expect(subject: LineageIndex.hash(subject.rawValue, using: keyHasher), key: key)
                }
                report.recordsChecked += 1
            }
            report.batchesChecked += 1
        }
        try slices.check()
        let indexRows = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(entries), 0) FROM lineage_run WHERE kind = 0") ?? 0
        guard indexRows == slices.idEntriesUsed, try slices.countEntries(.id) == indexRows else {
            throw LedgerError(.integrityFailure, "the lineage index has \(indexRows) id entries but only \(slices.idEntriesUsed) lead to records of the batches: it names records that are not in the log.")
        }
        guard exactByKey.count == exactRowsUsed else {
            throw LedgerError(.integrityFailure, "the lineage index keeps \(exactByKey.count) prediction ids in full but only \(exactRowsUsed) belong to records of the batches: it names records that are not in the log.")
        }
        let subjectRows = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(entries), 0) FROM lineage_run WHERE kind = 1") ?? 0
        guard subjectRows == slices.subjectEntriesExpected, try slices.countEntries(.subject) == subjectRows else {
            throw LedgerError(.integrityFailure, "the subject index has \(subjectRows) entries but \(slices.subjectEntriesExpected) stored records have a subject.")
        }
        if let orphan = try Int64.fetchOne(db, sql: "SELECT MIN(c.key) FROM lineage_chunk c LEFT JOIN lineage_batch b ON b.seq = c.key >> 20 WHERE b.seq IS NULL") {
            throw LedgerError(.integrityFailure, "a lineage record is stored for batch seq \(orphan >> 20), which is not a batch entry.", seq: Int(orphan >> 20))
        }
        if let orphan = try Int.fetchOne(db, sql: "SELECT MIN(b.seq) FROM lineage_batch b LEFT JOIN entry_header h ON h.seq = b.seq WHERE h.seq IS NULL OR h.type <> 'prediction.batch.recorded'") {
            throw LedgerError(.integrityFailure, "a lineage batch is stored under seq \(orphan), which is not a prediction.batch.recorded entry.", seq: orphan)
        }
    }
}

/// Checks the index entries that records call for against the runs, a slice of consecutive
/// records at a time: the slice's expected entries are sorted and walked beside each run (both
/// in (hash, key) order), so every run is read once per slice and memory holds one slice.
private struct IndexSlices {
    static let sliceRecords = 2_000_000

    let db: Database
    private var ids: [(pair: LineageIndexPair, required: Bool)] = []
    private var subjects: [LineageIndexPair] = []
    private(set) var idEntriesUsed = 0
    private(set) var subjectEntriesExpected = 0

    init(_ db: Database) { self.db = db }

    mutating func expect(id hash: Int64, key: Int64, required: Bool) throws {
        ids.append((LineageIndexPair(hash: hash, key: key), required))
        if ids.count >= Self.sliceRecords { try check() }
    }

    mutating func expect(subject hash: Int64, key: Int64) throws {
        subjects.append(LineageIndexPair(hash: hash, key: key))
        subjectEntriesExpected += 1
        if subjects.count >= Self.sliceRecords { try check() }
    }

    /// Checks what was expected so far, then forgets it.
    mutating func check() throws {
        if !ids.isEmpty {
            ids.sort { $0.pair < $1.pair }
            let found = try find(ids.map(\.pair), kind: .id)
            for (index, item) in ids.enumerated() {
                if found[index] {
                    idEntriesUsed += 1
                } else if item.required {
                    let location = LineageRecordLocation(key: item.pair.key)
                    throw LedgerError(.integrityFailure, "the lineage index does not lead to the record at position \(location.position): lookups by prediction id would be wrong.", seq: location.batchSeq)
                }
            }
            ids.removeAll(keepingCapacity: true)
        }
        if !subjects.isEmpty {
            subjects.sort()
            let found = try find(subjects, kind: .subject)
            if let missing = found.firstIndex(of: false) {
                let location = LineageRecordLocation(key: subjects[missing].key)
                throw LedgerError(.integrityFailure, "the subject index lacks the record at position \(location.position): an erasure of its subject would miss it.", seq: location.batchSeq)
            }
            subjects.removeAll(keepingCapacity: true)
        }
    }

    /// Which of `expected` (sorted) the runs of `kind` hold, each run walked in order beside them.
    private func find(_ expected: [LineageIndexPair], kind: LineageRuns.Kind) throws -> [Bool] {
        var found = [Bool](repeating: false, count: expected.count)
        let keys = expected.lazy.map(\.key)
        let (low, high) = (keys.min()!, keys.max()!)
        for run in try LineageRuns.runs(kind, db) {
            var cursor = 0
            var previous: LineageIndexPair?
            try LineageRuns.forEachPage(of: run.id, db) { page in
                for pair in page {
                    if let previous, !(previous < pair) {
                        throw LedgerError(.integrityFailure, "the lineage index run \(run.id) is out of order: lookups in it would miss entries.")
                    }
                    previous = pair
                    guard pair.key >= low, pair.key <= high else { continue }
                    while cursor < expected.count, expected[cursor] < pair { cursor += 1 }
                    if cursor < expected.count, expected[cursor] == pair { found[cursor] = true }
                }
                return true
            }
        }
        return found
    }

    /// The entries the runs of `kind` hold, counted page by page (the runs' own counts can lie).
    func countEntries(_ kind: LineageRuns.Kind) throws -> Int {
        var total = 0
        for run in try LineageRuns.runs(kind, db) {
            var inRun = 0
            try LineageRuns.forEachPage(of: run.id, db) { page in
                inRun += page.count
                return true
            }
            guard inRun == run.entries else {
                throw LedgerError(.integrityFailure, "the lineage index run \(run.id) says it holds \(run.entries) entries but its pages hold \(inRun).")
            }
            total += inRun
        }
        return total
    }
}
