public import LedgerCore
internal import GRDB
import Foundation

extension SQLiteEventStore {
    /// Deletes payloads (and their salts) and appends the entry that records why, atomically.
    ///
    /// `record` is built by the caller from the seqs it may purge (a `retention.purged` or
    /// `erasure.performed` draft whose payload lists `ranges`); `seqs` must be exactly the seqs
    /// in those ranges that still have a payload. Everything happens in one transaction: after a
    /// crash the log holds either the old state or the purge and its record, never a payload
    /// deleted without its record. Headers, and so every hash and proof, are untouched.
    ///
    /// The payload of a `prediction.batch.recorded` entry takes the batch's lineage with it, in
    /// the same transaction: its records and their subject rows are deleted (with
    /// `secure_delete`, and the write-ahead log truncated afterwards, as for an erasure). Its
    /// batch tree and index rows stay, so every other batch's proof still verifies and a lookup
    /// of a purged prediction names the purge entry.
    ///
    /// - Returns: the appended record entry.
    public func purgePayloads(_ seqs: [Int], record: (ChainHead) throws -> EntryDraft) throws -> Entry {
        try pool.writeWithoutTransaction { db in
            var written: Entry?
            var removedLineage = false
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            try db.inTransaction(.immediate) {
                let head = try Self.readHead(db)
                let draft = try record(head)
                guard let entry = try Self.append([draft], in: db, configuration: configuration).first else {
                    return .rollback
                }
                var coverage = PurgeCoverage()
                try coverage.record(header: entry.header, payload: draft.payload)
                let mark = try db.cachedStatement(sql: "INSERT INTO payload_purge (seq, purged_by) VALUES (?, ?)")
                let delete = try db.cachedStatement(sql: "DELETE FROM entry_payload WHERE seq = ?")
                for seq in seqs {
                    guard coverage.covers(seq: seq) else {
                        throw LedgerError(.invalidField, "seq \(seq) is not in the ranges the \(entry.header.type) entry records; nothing was purged.")
                    }
                    try mark.execute(arguments: [seq, entry.header.seq])
                    try delete.execute(arguments: [seq])
                    guard db.changesCount == 1 else {
                        throw LedgerError(.invalidField, "seq \(seq) has no payload to purge; nothing was purged.")
                    }
                }
                removedLineage = try Self.deleteLineage(ofPurgedBatches: seqs, db)
                written = entry
                return .commit
            }
            guard let written else { throw LedgerError(.internalFailure, "The purge record could not be written.") }
            if removedLineage { try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
            return written
        }
    }

    /// Deletes the records and subject rows of the lineage batches among `seqs` (whose payloads
    /// were just purged); `true` when there were any.
    static func deleteLineage(ofPurgedBatches seqs: [Int], _ db: Database) throws -> Bool {
        let isBatch = try db.cachedStatement(sql: "SELECT 1 FROM lineage_batch WHERE seq = ?")
        let hasher = SHA256Hasher()
        var removed = false
        var unlinked: [LineageIndexPair] = []
        for seq in seqs where try Row.fetchOne(isBatch, arguments: [seq]) != nil {
            let base = LineageRecordLocation(batchSeq: seq, position: 0).key
            let end = base + Int64(LineageBatch.maxRecords)
            // Subject entries by their key (read from the records), not by a scan of the subject index;
            // the ids are kept in full so that lookups and duplicate checks stay exact.
            var present: [(key: Int64, bytes: [UInt8])] = []
            try LineageChunks.forEachChunk(base, end, db) { first, records in
                for (offset, bytes) in records.enumerated() { if let bytes { present.append((first + Int64(offset), bytes)) } }
            }
            for (key, bytes) in present {
                guard case .success(let record) = PredictionRecord.read(bytes) else {
                    throw LedgerError(.integrityFailure, "A stored record of the lineage batch at seq \(seq) is not a valid prediction record, so its subject entry cannot be found; run 'govledger lineage verify'. Nothing was purged.", seq: seq)
                }
                try LineageIndex.keepExact(record.predictionId.rawValue, key: key, db)
                if let subject = record.subject { unlinked.append(LineageIndexPair(hash: LineageIndex.hash(subject.rawValue, using: hasher), key: key)) }
            }
            try LineageChunks.delete(base, end, db)
            removed = true
        }
        let found = try LineageRuns.remove(unlinked, kind: .subject, db)
        guard found == unlinked.count else {
            throw LedgerError(.integrityFailure, "The subject index holds \(found) of the \(unlinked.count) subject entries of the purged batches; run 'govledger lineage verify'. Nothing was purged.")
        }
        return removed
    }

    /// The coverage of every purge and erasure entry in the log (read before a verification pass,
    /// since a covering entry comes after the payloads it covers).
    func purgeCoverage(_ db: Database) throws -> PurgeCoverage {
        var coverage = PurgeCoverage()
        let rows = try Row.fetchCursor(db, sql: """
            SELECT h.seq, h.header, p.payload FROM entry_header h LEFT JOIN entry_payload p ON p.seq = h.seq
            WHERE h.type IN ('retention.purged', 'erasure.performed') ORDER BY h.seq
            """)
        while let row = try rows.next() {
            let seq: Int = row[0]
            let headerData: Data = row[1]
            guard let payloadData: Data = row[2] else {
                throw LedgerError(.integrityFailure, "the payload of this purge record is missing, so the purges it covers cannot be checked.", seq: seq)
            }
            let header = try EntryHeader(canonicalBytes: Array(headerData))
            guard case .object(let payload) = try JSONValue.parse(Array(payloadData)) else {
                throw LedgerError(.integrityFailure, "the purge record's payload is not an object.", seq: seq)
            }
            try coverage.record(header: header, payload: payload)
        }
        return coverage
    }
}
