public import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

extension SQLiteEventStore {
    /// Finds a prediction record and computes its inclusion path in its batch root.
    ///
    /// Reads the index row, the record row, the ⌈log₂ n⌉ hashes of the path from the batch's
    /// stored tree (incremental blob reads, not the whole tree) and the batch entry.
    ///
    /// - Returns: `nil` when the prediction id was never recorded.
    public func lineageRecord(_ id: PredictionID) throws -> LineageLookup? {
        try pool.read { db in
            guard let key = try LineageIndex.key(of: id, db, hasher: SHA256Hasher()) else { return nil }
            let location = LineageRecordLocation(key: key)
            guard let row = try Row.fetchOne(db, sql: """
                SELECT b.count, e.erased_by, pp.purged_by
                FROM lineage_batch b
                LEFT JOIN lineage_erasure e ON e.key = ?1
                LEFT JOIN payload_purge pp ON pp.seq = b.seq
                WHERE b.seq = ?2
                """, arguments: [key, location.batchSeq])
            else {
                throw LedgerError(.integrityFailure, "The lineage index places \(id) in a batch at seq \(location.batchSeq) that is not stored. Run 'govledger lineage verify'.", seq: location.batchSeq)
            }
            let count: Int = row[0]
            let erasedBy: Int? = row[1]
            let purgedBy: Int? = row[2]
            let record = try LineageChunks.record(at: key, db)
            let tree = try LineageTreeBlobReader(db, batchSeq: location.batchSeq, count: count)
            defer { tree.close() }
            guard location.position < count else {
                throw LedgerError(.integrityFailure, "The lineage index places \(id) at position \(location.position) of a batch of \(count) records. Run 'govledger lineage verify'.", seq: location.batchSeq)
            }
            let leaf = try tree.subtreeHash(level: 0, index: location.position)
            let path = try MerkleTree.inclusionProof(index: location.position, size: count, reader: tree)
            let root = try MerkleTree.root(size: count, reader: tree)
            return LineageLookup(
                predictionId: id, location: location, batchCount: count, record: record,
                recordLeafHash: leaf, batchPath: path, batchRoot: root, batchEntry: try Self.readEntry(db, seq: location.batchSeq),
                erasedBy: erasedBy, purgedBy: purgedBy)
        }
    }

    /// The two-level proof of a looked-up record against a stored signed checkpoint: the batch
    /// path, and tlog-proofs of the batch entry (and of the erasure entry, for an erased record).
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when the checkpoint does not cover the entries.
    public func lineageProof(_ lookup: LineageLookup, checkpoint: StoredCheckpoint) throws -> LineageProof {
        let needed = max(lookup.location.batchSeq, lookup.erasedBy ?? 0) + 1
        guard checkpoint.size >= needed else {
            throw LedgerError(.malformedInput, "The latest signed checkpoint covers \(checkpoint.size) entries; the proof needs one covering seq \(needed - 1). Sign a new checkpoint with 'govledger checkpoint --key FILE'.")
        }
        func tlog(_ seq: Int) throws -> TlogProof {
            let (_, path, root) = try inclusionProof(seq: seq, size: checkpoint.size)
            guard root == checkpoint.root else {
                throw LedgerError(.integrityFailure, "The log's root at size \(checkpoint.size) differs from the signed checkpoint's. Run 'govledger verify'.")
            }
            return try TlogProof(index: seq, hashes: path, checkpointNote: checkpoint.note)
        }
        var erasure: LineageProof.Erasure?
        if let erasedBy = lookup.erasedBy {
            let entry = try pool.read { db in try Self.readEntry(db, seq: erasedBy) }
            erasure = LineageProof.Erasure(entry: entry, tlogProof: try tlog(erasedBy))
        }
        return LineageProof(
            record: lookup.record, recordLeafHash: lookup.recordLeafHash, position: lookup.location.position,
            batchPath: lookup.batchPath, batchEntry: lookup.batchEntry, tlogProof: try tlog(lookup.location.batchSeq),
            erasure: erasure)
    }

    /// The records of a subject, with their models.
    public func lineageSubjectRecords(_ subject: SubjectKey) throws -> [LineageSubjectRecord] {
        try pool.read { db in try Self.subjectRecords(db, subject) }
    }

    /// The records whose subject is `subject`: the subject rows of its hash, each checked against
    /// the record it leads to (a row of another subject with the same hash is passed over).
    static func subjectRecords(_ db: Database, _ subject: SubjectKey) throws -> [LineageSubjectRecord] {
        let read = try db.cachedStatement(sql: "SELECT model FROM lineage_batch WHERE seq = ?")
        return try LineageRuns.keys(for: LineageIndex.hash(subject.rawValue), kind: .subject, db).compactMap { key in
            let location = LineageRecordLocation(key: key)
            guard let model = try String.fetchOne(read, arguments: [location.batchSeq]), let content = try LineageChunks.record(at: key, db),
                case .success(let record) = PredictionRecord.read(content)
            else {
                throw LedgerError(.integrityFailure, "The subject index leads to \(location), whose record is missing or unreadable. Run 'govledger lineage verify'.", seq: location.batchSeq)
            }
            guard record.subject == subject else { return nil }
            return LineageSubjectRecord(predictionId: record.predictionId, location: location, model: model)
        }
    }

    /// One entry, read and parsed inside an open database access.
    static func readEntry(_ db: Database, seq: Int) throws -> Entry {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT h.header, h.leaf_hash, p.salt, p.payload FROM entry_header h
            LEFT JOIN entry_payload p ON p.seq = h.seq WHERE h.seq = ?
            """, arguments: [seq])
        else {
            throw LedgerError(.integrityFailure, "No entry is stored at seq \(seq). Run 'govledger verify'.", seq: seq)
        }
        let headerData: Data = row[0]
        let leafData: Data = row[1]
        let salt: Data? = row[2]
        let payload: Data? = row[3]
        let parsed: Result<EntryHeader, LedgerError> = Result { () throws(LedgerError) in try EntryHeader(canonicalBytes: Array(headerData)) }
        guard case .success(let header) = parsed else {
            throw LedgerError(.integrityFailure, "The stored header is not canonical format v1. Run 'govledger verify' for details.", seq: seq)
        }
        let sealed = salt.flatMap { salt in payload.map { SealedPayload(canonicalBytes: Array($0), salt: Array(salt)) } }
        return Entry(header: header, headerBytes: Array(headerData), payload: sealed, leafHash: try? SHA256Digest(bytes: leafData))
    }
}

/// Reads a batch tree's hashes straight from its stored blob (``LineageBatchTree`` layout) with
/// SQLite's incremental blob I/O: a proof reads ⌈log₂ n⌉ hashes of 32 bytes, not the whole tree.
final class LineageTreeBlobReader: MerkleHashReader {
    private var blob: OpaquePointer?
    let count: Int
    let batchSeq: Int

    init(_ db: Database, batchSeq: Int, count: Int) throws {
        self.count = count
        self.batchSeq = batchSeq
        let code = sqlite3_blob_open(db.sqliteConnection, "main", "lineage_batch", "tree", Int64(batchSeq), 0, &blob)
        guard code == SQLITE_OK, let blob else {
            throw LedgerError(.integrityFailure, "The Merkle tree of the lineage batch at seq \(batchSeq) cannot be read (SQLite code \(code)). Run 'govledger lineage verify'.", seq: batchSeq)
        }
        guard Int(sqlite3_blob_bytes(blob)) == LineageBatchTree.byteCount(leaves: count) else {
            close()
            throw LedgerError(.integrityFailure, "The stored Merkle tree of the lineage batch at seq \(batchSeq) has the wrong length for \(count) records. Run 'govledger lineage verify'.", seq: batchSeq)
        }
    }

    func close() {
        if let blob { sqlite3_blob_close(blob) }
        blob = nil
    }

    deinit { close() }

    func subtreeHash(level: Int, index: Int) throws -> SHA256Digest {
        guard let offset = LineageBatchTree.offset(level: level, index: index, leaves: count), let blob else {
            throw LedgerError(.malformedInput, "No complete subtree at level \(level), index \(index) in a batch of \(count) records.")
        }
        var bytes = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        let code = withUnsafeMutableBytes(of: &bytes) { sqlite3_blob_read(blob, $0.baseAddress, 32, Int32(offset)) }
        guard code == SQLITE_OK else {
            throw LedgerError(.integrityFailure, "Reading the Merkle tree of the lineage batch at seq \(batchSeq) failed (SQLite code \(code)).", seq: batchSeq)
        }
        return withUnsafeBytes(of: &bytes) { SHA256Digest(raw: $0)! }
    }
}
