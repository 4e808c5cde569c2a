import Foundation
import LedgerCore
import Testing
@testable import LedgerStore

/// A retention purge of a batch entry's payload takes the batch's records with it.
struct LineageRetentionTests {
    static let dpo = Principal("dpo@bank.example")!

    static func purge(_ store: SQLiteEventStore, _ seqs: [Int]) throws -> Entry {
        try store.purgePayloads(seqs) { _ in
            EntryDraft(stream: StreamName("ledger/retention")!, type: EventType("retention.purged")!, actor: Self.dpo,
                       payload: ["asOf": "2025-01-15T09:30:00.000Z", "ranges": .array(seqs.map { .array([.number(Double($0)), .number(Double($0))]) })])
        }
    }

    @Test func purgingABatchDeletesItsRecordsAndSubjectRowsAndEverythingStillVerifies() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        // Batches: seq 0 fraud p0 p2 p4 p6, seq 1 fraud p8, seq 2 churn p1 p3 p5 p7, seq 3 churn p9
        let entries = try store.ingestLineage(LineageStoreTests.batches(0..<10), actor: LineageStoreTests.actor)
        #expect(entries.map(\.header.seq) == [0, 1, 2, 3])
        let kept = try #require(try store.lineageRecord(PredictionID("p1")!))
        let size = try store.headNow().nextSeq

        let purge = try Self.purge(store, [0])

        // The purged batch's records are gone, and say what removed them
        for id in ["p0", "p2", "p4", "p6"] {
            let lookup = try #require(try store.lineageRecord(PredictionID(id)!))
            #expect(lookup.record == nil)
            #expect(lookup.erasedBy == nil)
            #expect(lookup.purgedBy == purge.header.seq)
            #expect(lookup.batchEntry.payload == nil)
        }
        #expect(try sqlite3(ledger.path, "SELECT COUNT(*) FROM lineage_chunk WHERE key >> 20 = 0;").output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        // The other three batches' six records, in one chunk each.
        #expect(try sqlite3(ledger.path, "SELECT COUNT(*), SUM(unicode(records)) FROM lineage_chunk;").output.trimmingCharacters(in: .whitespacesAndNewlines) == "3|6")
        // Their subjects no longer lead to them; other batches' subject rows stay
        #expect(try store.lineageSubjectRecords(SubjectKey("cust-0")!).map(\.predictionId.rawValue) == ["p3", "p9"])
        // Other batches are untouched and their proofs still hold against the same tree
        let again = try #require(try store.lineageRecord(PredictionID("p1")!))
        #expect(again == kept)
        try LineageStoreTests.provesInBatch(again)
        let (_, _, root) = try store.inclusionProof(seq: 2, size: size)
        #expect(root == (try store.treeRoot(size: size)))
        // Both verifications pass, counting the purged records
        let lineage = try store.verifyLineage()
        #expect(lineage.isValid, "\(String(describing: lineage.failure))")
        #expect(lineage.recordsPurged == 4)
        #expect(lineage.recordsChecked == 6)
        #expect(lineage.batchesWithoutCommitment == 1)
        #expect(try store.verify().isValid)
    }

    @Test func aRecordDeletedWithoutAPurgeOfItsBatchIsStillCaught() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.ingestLineage(LineageStoreTests.batches(0..<10), actor: LineageStoreTests.actor)
        _ = try Self.purge(store, [0])
        // The triggers refuse deleting a record of a batch that was not purged …
        let refused = try sqlite3(ledger.path, "DELETE FROM lineage_chunk WHERE key = \(LineageRecordLocation(batchSeq: 2, position: 0).key);")
        #expect(refused.status != 0)
        #expect(refused.output.contains("removed only by a subject erasure or a retention purge"))
        // … and verification names a record missing from a batch whose payload is still there
        _ = try sqlite3(ledger.path, "DROP TRIGGER lineage_chunk_no_delete; DELETE FROM lineage_chunk WHERE key = \(LineageRecordLocation(batchSeq: 2, position: 0).key);")
        let report = try store.verifyLineage()
        #expect(report.failure?.message.contains("is missing and no erasure entry names it") == true, "\(String(describing: report.failure))")
        #expect(report.failure?.seq == 2)
    }
}
