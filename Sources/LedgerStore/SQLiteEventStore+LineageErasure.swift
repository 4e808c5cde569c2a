public import LedgerCore
internal import GRDB
import Foundation

extension SQLiteEventStore {
    /// Erases the content of every record of `subject` and appends the entry that records it,
    /// atomically.
    ///
    /// In one IMMEDIATE transaction: reads the subject's records, lets `record` build the
    /// `erasure.performed` draft (it may throw to refuse, for example for a model on legal hold),
    /// appends it, marks each record erased by that entry, deletes the records' content and the
    /// subject's index rows. Leaf hashes and batch trees stay, so every batch root and proof still
    /// verifies. The draft's payload must name exactly the subject's records
    /// (``LineageErasure/payload(subject:locations:reason:)``).
    ///
    /// The bytes go too, not only the rows: the delete runs with `PRAGMA secure_delete = ON`
    /// (SQLite overwrites freed cells with zeros) and the write-ahead log, which still holds the
    /// old pages, is checkpointed and truncated after the commit. A reader that holds an older
    /// snapshot open at that moment keeps the log from being truncated until it finishes.
    ///
    /// - Returns: the erasure entry and the records erased.
    /// - Throws: ``LedgerError`` `.invalidField` when the subject has no records (nothing written),
    ///   or whatever `record` throws.
    public func eraseLineageSubject(
        _ subject: SubjectKey, record: ([LineageSubjectRecord]) throws -> EntryDraft
    ) throws -> (entry: Entry, records: [LineageSubjectRecord]) {
        try pool.writeWithoutTransaction { db in
            var result: (Entry, [LineageSubjectRecord])?
            try db.execute(sql: "PRAGMA secure_delete = ON")
            defer { try? db.execute(sql: "PRAGMA secure_delete = OFF") }
            try db.inTransaction(.immediate) {
                let records = try Self.subjectRecords(db, subject)
                guard !records.isEmpty else {
                    throw LedgerError(.invalidField, "No lineage records are stored for this subject key (or they were erased already). Check the key; nothing was written.")
                }
                let draft = try record(records)
                guard let entry = try Self.append([draft], in: db, configuration: configuration).first else { return .rollback }
                let named = try LineageErasure.locations(in: draft.payload, erasureSeq: entry.header.seq) ?? []
                guard entry.header.type == LineageErasure.eventType, Set(named) == Set(records.map(\.location)) else {
                    throw LedgerError(.invalidField, "The erasure entry must be an erasure.performed entry naming exactly the subject's \(records.count) records; nothing was written.")
                }
                let mark = try db.cachedStatement(sql: "INSERT INTO lineage_erasure (key, erased_by) VALUES (?, ?)")
                let subjectHash = LineageIndex.hash(subject.rawValue)
                for item in records {
                    try mark.execute(arguments: [item.location.key, entry.header.seq])
                    try LineageIndex.keepExact(item.predictionId.rawValue, key: item.location.key, db)
                }
                let removed = try LineageChunks.remove(records.map(\.location.key), db)
                guard removed == records.count else {
                    throw LedgerError(.integrityFailure, "The content of \(records.count - removed) of the subject's records is missing although they were never erased. Run 'govledger lineage verify'; nothing was written.")
                }
                let unlinked = try LineageRuns.remove(records.map { LineageIndexPair(hash: subjectHash, key: $0.location.key) }, kind: .subject, db)
                guard unlinked == records.count else {
                    throw LedgerError(.integrityFailure, "The subject index holds \(unlinked) of the subject's \(records.count) records. Run 'govledger lineage verify'; nothing was written.")
                }
                result = (entry, records)
                return .commit
            }
            guard let result else { throw LedgerError(.internalFailure, "The erasure could not be written.") }
            try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)")
            return result
        }
    }
}
