import Foundation
import LedgerCore
import Testing
@testable import LedgerStore

/// An ingestion written group by group in one transaction: all of it or none of it.
struct LineageIngestionTests {
    @Test func groupsWrittenOneAfterAnotherAreCommittedTogether() async throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let ingestion = store.beginLineageIngestion(actor: LineageStoreTests.actor)
        for group in 0..<3 { try await ingestion.write(LineageStoreTests.batches(group * 10..<(group + 1) * 10)) }
        let entries = try await ingestion.commit()
        #expect(entries.map(\.header.seq) == Array(0..<entries.count))
        #expect(entries.count == 3 * 4)  // per group: 5 fraud and 5 churn records, in batches of at most 4
        for index in 0..<30 { #expect(try store.lineageRecord(PredictionID("p\(index)")!) != nil, "p\(index)") }
        #expect(try store.verifyLineage().isValid)
        await #expect(throws: LedgerError.self) { try await ingestion.write(LineageStoreTests.batches(40..<41)) }
    }

    @Test func aDuplicateInALaterGroupLeavesNothingWritten() async throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let recorded = try store.ingestLineage(LineageStoreTests.batches(100..<101), actor: LineageStoreTests.actor)
        let ingestion = store.beginLineageIngestion(actor: LineageStoreTests.actor)
        try await ingestion.write(LineageStoreTests.batches(0..<10))
        try await ingestion.write(LineageStoreTests.batches(10..<20))
        try await ingestion.write(LineageStoreTests.batches(5..<6) + LineageStoreTests.batches(100..<101))
        let rejection = await #expect(throws: LineageRejection.self) { try await ingestion.commit() }
        #expect(rejection?.problems.compactMap(\.predictionId).sorted() == ["p100", "p5"])
        #expect(rejection?.problems.first { $0.predictionId == "p5" }?.reasons.first?.message == "already recorded earlier in this ingestion; each prediction is recorded once")
        #expect(rejection?.problems.first { $0.predictionId == "p100" }?.reasons.first?.message == "already recorded in the batch entry at seq \(recorded[0].header.seq); each prediction is recorded once")
        #expect(try store.headNow().nextSeq == 1)
        #expect(try store.lineageRecord(PredictionID("p0")!) == nil)
        #expect(try store.verifyLineage().isValid)
    }

    @Test func anAbortedIngestionLeavesNothingAndFreesTheWriter() async throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let ingestion = store.beginLineageIngestion(actor: LineageStoreTests.actor)
        try await ingestion.write(LineageStoreTests.batches(0..<10))
        await ingestion.abort()
        #expect(try store.headNow().nextSeq == 0)
        _ = try store.ingestLineage(LineageStoreTests.batches(0..<10), actor: LineageStoreTests.actor)
        #expect(try store.lineageRecord(PredictionID("p9")!) != nil)
    }
}
