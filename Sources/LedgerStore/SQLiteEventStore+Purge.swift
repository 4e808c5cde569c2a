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
    /// - Returns: the appended record entry.
    public func purgePayloads(_ seqs: [Int], record: (ChainHead) throws -> EntryDraft) throws -> Entry {
        try pool.writeWithoutTransaction { db in
            var written: Entry?
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
                written = entry
                return .commit
            }
            guard let written else { throw LedgerError(.internalFailure, "The purge record could not be written.") }
            return written
        }
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
