import Foundation
import GRDB
import LedgerCore
import Testing
@testable import LedgerStore

/// The lineage index as sorted runs: many ingestions, merges, subjects spanning pages,
/// removals, and the two ways of finding taken hashes.
struct LineageRunsTests {
    static func runCounts(_ store: SQLiteEventStore) throws -> (ids: Int, subjects: Int) {
        try store.lineageIndexRuns()
    }

    /// Writes ``LineageRuns/fanout`` subject runs of `entries` pairs each (a size class ready to
    /// merge), hashes below `hashesBelow` so that runs share some; returns every pair written.
    static func writeFullSizeClass(entries: Int, hashesBelow: Int, _ store: SQLiteEventStore) throws -> [LineageIndexPair] {
        try store.pool.write { db in
            var written: [LineageIndexPair] = []
            for run in 0..<LineageRuns.fanout {
                let pairs = (0..<entries).map { LineageIndexPair(hash: Int64(($0 * 7919 + run * 104_729) % hashesBelow), key: Int64(run << 20 + $0)) }.sorted()
                written += pairs
                try LineageRuns.write(pairs, kind: .subject, db)
            }
            return written
        }
    }

    @Test func manySmallIngestionsAreMergedAndEveryRecordAndSubjectIsStillFound() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        // 40 ingestions of 5 records: 40 runs of each kind before merging.
        for ingestion in 0..<40 {
            _ = try store.ingestLineage(LineageStoreTests.batches(ingestion * 5..<(ingestion + 1) * 5), actor: LineageStoreTests.actor)
        }
        let (ids, subjects) = try Self.runCounts(store)
        #expect(ids < LineageRuns.fanout && subjects < LineageRuns.fanout, "\(ids) id runs, \(subjects) subject runs")
        for index in 0..<200 {
            let found = try #require(try store.lineageRecord(PredictionID("p\(index)")!), "p\(index)")
            guard case .success(let record) = PredictionRecord.read(try #require(found.record)) else { Issue.record("p\(index) unreadable"); return }
            #expect(record.predictionId.rawValue == "p\(index)")
        }
        #expect(try store.lineageRecord(PredictionID("p200")!) == nil)
        #expect(try store.lineageSubjectRecords(SubjectKey("cust-1")!).count == 67)
        #expect(try store.verifyLineage().isValid)
        // An id of the first ingestion, now in a merged run, is still refused.
        let again = #expect(throws: LineageRejection.self) { try store.ingestLineage(LineageStoreTests.batches(3..<4), actor: LineageStoreTests.actor) }
        #expect(again?.problems.first?.reasons.first?.message.hasPrefix("already recorded in the batch entry at seq") == true)

        // An erasure removes the subject's entries from the merged runs, and nothing else.
        let subject = SubjectKey("cust-2")!
        let erased = try LineageStoreTests.erase(subject, in: store)
        #expect(erased.records.count == 66)
        #expect(try store.lineageSubjectRecords(subject).isEmpty)
        #expect(try store.lineageSubjectRecords(SubjectKey("cust-1")!).count == 67)
        let report = try store.verifyLineage()
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.recordsErased == 66 && report.recordsChecked == 134)
        // Merges after the erasure keep it.
        for ingestion in 40..<50 {
            _ = try store.ingestLineage(LineageStoreTests.batches(ingestion * 5..<(ingestion + 1) * 5), actor: LineageStoreTests.actor)
        }
        #expect(Set(try store.lineageSubjectRecords(subject).map(\.predictionId.rawValue)) == Set((200..<250).filter { $0 % 3 == 2 }.map { "p\($0)" }))
        #expect(try store.verifyLineage().isValid)
    }

    @Test func aSubjectWhoseEntriesSpanPagesIsFoundWholeAndRemovedWhole() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let many = (0..<1000).map { LineageIndexPair(hash: $0 < 300 ? 5 : Int64($0), key: Int64($0)) }.sorted()
        try store.pool.write { db in
            try LineageRuns.write(many, kind: .subject, db)
            #expect(try LineageRuns.keys(for: 5, kind: .subject, db) == (0..<300).map(Int64.init))
            #expect(try LineageRuns.keys(for: 999, kind: .subject, db) == [999])
            #expect(try LineageRuns.keys(for: 4, kind: .subject, db).isEmpty)
            #expect(try LineageRuns.remove(many.filter { $0.hash == 5 && $0.key % 2 == 0 }, kind: .subject, db) == 150)
            #expect(try LineageRuns.keys(for: 5, kind: .subject, db) == stride(from: 1, to: 300, by: 2).map(Int64.init))
            #expect(try LineageRuns.runs(.subject, db).first?.entries == 850)
        }
    }

    @Test func takenHashesAreFoundTheSameBySeekingAndByScanning() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        var generator = SystemRandomNumberGenerator()
        // Three runs of different sizes, so that few hashes are sought and many are scanned for.
        let runs = [30_000, 700, 30].map { count in (0..<count).map { _ in LineageIndexPair(hash: Int64.random(in: .min ... .max, using: &generator), key: 0) }.sorted() }
        let all = runs.flatMap { $0 }
        try store.pool.write { db in
            for (number, run) in runs.enumerated() {
                try LineageRuns.write(run.enumerated().map { LineageIndexPair(hash: $0.element.hash, key: Int64(number << 20 + $0.offset)) }, kind: .id, db)
            }
            for probes in [3, 50, 4000] {
                let taken = all.shuffled().prefix(probes).map(\.hash)
                let free = (0..<probes).map { _ in Int64.random(in: .min ... .max, using: &generator) }
                let asked = (taken + free).sorted()
                let found = try LineageRuns.existing(asked, db)
                #expect(Set(found.map(\.hash)) == Set(taken), "\(probes) probes")
                for pair in found { #expect(try LineageRuns.keys(for: pair.hash, kind: .id, db) == [pair.key]) }
            }
        }
    }

    /// A store that ingests again and again keeps Bloom filters of the id runs it has read
    /// whole: they must never hide a taken hash, also after entries are removed, and a run that
    /// a rolled-back transaction wrote must leave no filter behind.
    @Test func filtersOfTheIdRunsFindWhatAPassFinds() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        var generator = SystemRandomNumberGenerator()
        let runs = [40_000, 5_000].map { count in (0..<count).map { _ in Int64.random(in: .min ... .max, using: &generator) }.sorted() }
        let all = runs.flatMap { $0 }
        try store.pool.write { db in
            for (number, run) in runs.enumerated() {
                try LineageRuns.write(run.enumerated().map { LineageIndexPair(hash: $0.element, key: Int64(number << 20 + $0.offset)) }, kind: .id, db)
            }
        }
        let filters = LineageRunFilters()
        let taken = Array(all.shuffled().prefix(3_000))
        let free = (0..<30_000).map { _ in Int64.random(in: .min ... .max, using: &generator) }
        let asked = (taken + free).sorted()
        let plain = try store.pool.read { db in try LineageRuns.existing(asked, db) }
        #expect(Set(plain.map(\.hash)) == Set(taken))
        // The first call reads both runs whole and keeps their filters at the commit; the second uses them.
        for round in 0..<2 {
            let found = try store.pool.write { db in try LineageRuns.existing(asked, db, filters: filters) }
            #expect(found.sorted() == plain.sorted(), "round \(round)")
            #expect(filters.held.runs == 2, "round \(round)")
        }
        // Absent hashes mostly stop at the filter.
        let ids = try store.pool.read { db in try LineageRuns.runs(.id, db).map(\.id) }
        let passed = free.filter { hash in ids.contains { filters.filter(for: $0)!.mayContain(hash) } }.count
        #expect(passed < free.count / 100, "\(passed) of \(free.count) absent hashes passed a filter")
        // Entries removed after the filter was built are not found; the others still are.
        let removed = Array(plain.prefix(1_000))
        try store.pool.write { db in _ = try LineageRuns.remove(removed, kind: .id, db) }
        let after = try store.pool.write { db in try LineageRuns.existing(asked, db, filters: filters) }
        #expect(after.sorted() == Array(plain.dropFirst(1_000)).sorted())
        // A run written by a transaction that rolls back leaves no filter.
        try store.pool.writeWithoutTransaction { db in
            try db.inTransaction {
                let pairs = (0..<20_000).map { _ in Int64.random(in: .min ... .max, using: &generator) }.sorted()
                try LineageRuns.write(pairs.enumerated().map { LineageIndexPair(hash: $0.element, key: Int64(2 << 20 + $0.offset)) }, kind: .id, db)
                _ = try LineageRuns.existing(pairs, db, filters: filters)
                return .rollback
            }
        }
        #expect(filters.held.runs == 2)
    }

    @Test func aBloomFilterHoldsEveryHashItWasGiven() {
        var generator = SystemRandomNumberGenerator()
        for entries in [1, 100, 50_000] {
            var filter = LineageBloomFilter(entries: entries)
            let hashes = (0..<entries).map { _ in Int64.random(in: .min ... .max, using: &generator) } + [.min, .max, 0, -1]
            for hash in hashes { filter.insert(hash) }
            #expect(hashes.allSatisfy(filter.mayContain), "\(entries)")
        }
    }

    @Test func aMergeKeepsEveryEntryInOrderAndReplacesItsRuns() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let expected = try Self.writeFullSizeClass(entries: 300, hashesBelow: 100_003, store)
        #expect(try Self.runCounts(store).subjects == LineageRuns.fanout)
        #expect(try store.compactLineageIndex() == 1)
        try store.pool.read { db in
            let merged = try LineageRuns.runs(.subject, db)
            #expect(merged.count == 1 && merged[0].entries == expected.count)
            var read: [LineageIndexPair] = []
            try LineageRuns.forEachEntry(.subject, db) { read.append($0) }
            #expect(read == expected.sorted())
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lineage_rewrite") == 0)
        }
    }

    @Test(arguments: [0, 1, 50, 65, 1000, 20_000])
    func theRadixSortOrdersByHashAndKeepsTheOrderOfEqualHashes(count: Int) {
        var generator = SystemRandomNumberGenerator()
        // Few distinct hashes among many (subjects), spread over the whole signed range.
        let hashes = (0..<max(1, count / 10)).map { _ in Int64.random(in: .min ... .max, using: &generator) } + [.min, .max, 0, -1]
        var pairs = (0..<count).map { LineageIndexPair(hash: hashes.randomElement(using: &generator)!, key: Int64($0)) }
        let expected = pairs.sorted()  // keys ascend in the input, so (hash, key) order is the stable order
        pairs.sortByHashStably()
        #expect(pairs == expected)
    }

    @Test func recordsAreStoredSixteenToARowAndEachIsFoundAndErasedAlone() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        // One batch of 40 fraud records (even ids): chunks of 16, 16 and 8.
        _ = try store.ingestLineage(LineageStoreTests.batches(0..<80, size: 40).filter { $0.model == "fraud" }, actor: LineageStoreTests.actor)
        #expect(try sqlite3(ledger.path, "SELECT group_concat(key || ':' || unicode(records)) FROM lineage_chunk;").output == "0:16,16:16,32:8\n")
        let subject = SubjectKey("cust-1")!
        let erased = try LineageStoreTests.erase(subject, in: store)
        #expect(erased.records.count == 13)
        for index in stride(from: 0, to: 80, by: 2) {
            let found = try #require(try store.lineageRecord(PredictionID("p\(index)")!))
            #expect((found.record == nil) == (index % 3 == 1), "p\(index)")
            if let bytes = found.record, case .success(let record) = PredictionRecord.read(bytes) { #expect(record.predictionId.rawValue == "p\(index)") }
        }
        let report = try store.verifyLineage()
        #expect(report.isValid && report.recordsErased == 13 && report.recordsChecked == 27, "\(report)")
    }

    @Test(arguments: [[], [0], [17], [2, 5, 0, 0, 0], [1, 3, 0, 0, 0, 0x61], [1, 1, 0, 0, 0, 0x61, 0x62]])
    func aDamagedChunkIsRefused(blob: [UInt8]) {
        #expect(throws: LedgerError.self) { try blob.withUnsafeBytes { try LineageChunks.decode($0, key: 0) } }
    }

    /// A merge in steps, with removals between them (an erasure while the merge is under way):
    /// what was copied already and what was not are both removed, and the result is whole.
    @Test func aMergeInStepsKeepsRemovalsMadeBetweenItsSteps() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let expected = try Self.writeFullSizeClass(entries: 500, hashesBelow: 1_000, store)
        var merge = try #require(try store.pool.write { db in try LineageRuns.beginMerge(.subject, now: 1_000, db) })
        #expect(try store.pool.read { db in try LineageRuns.beginMerge(.subject, now: 1_010, db) } == nil)
        var steps = 0
        var removed: Set<LineageIndexPair> = []
        while !merge.done {
            #expect(try store.pool.write { db in try LineageRuns.step(&merge, limit: 700, db) })
            steps += 1
            // Lookups read the sources until the last step.
            if !merge.done { #expect(try store.pool.read { db in try LineageRuns.runs(.subject, db).count } == LineageRuns.fanout) }
            // Remove a subject's entries: some copied already, some not.
            let hash = Int64(steps * 97 % 1_000)
            let doomed = expected.filter { $0.hash == hash && !removed.contains($0) }
            let count = try store.pool.write { db in try LineageRuns.remove(doomed, kind: .subject, db) }
            #expect(count >= doomed.count, "\(count) of \(doomed.count)")
            removed.formUnion(doomed)
        }
        #expect(steps == 6)
        try store.pool.read { db in
            let runs = try LineageRuns.runs(.subject, db)
            #expect(runs.count == 1 && runs[0].entries == expected.count - removed.count)
            var read: [LineageIndexPair] = []
            try LineageRuns.forEachEntry(.subject, db) { read.append($0) }
            #expect(read == expected.filter { !removed.contains($0) }.sorted())
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lineage_run WHERE kind > 1") == 0)
        }
    }

    @Test func anAbandonedMergeIsDeletedAndStartedAgain() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        try store.pool.write { db in
            for run in 0..<LineageRuns.fanout { try LineageRuns.write([LineageIndexPair(hash: Int64(run), key: Int64(run))], kind: .id, db) }
        }
        var first = try #require(try store.pool.write { db in try LineageRuns.beginMerge(.id, now: 1_000, db) })
        #expect(try store.pool.write { db in try LineageRuns.step(&first, limit: 3, db) })
        // Another writer, an hour and more later, takes the merge over.
        var second = try #require(try store.pool.write { db in try LineageRuns.beginMerge(.id, now: 1_000 + LineageRuns.abandonedAfterSeconds + 1, db) })
        #expect(second.target != first.target)
        // The first writer finds its run gone and stops; the second completes.
        #expect(try store.pool.write { db in try LineageRuns.step(&first, limit: 100, db) } == false)
        #expect(try store.pool.write { db in try LineageRuns.step(&second, limit: 100, db) })
        #expect(second.done)
        let (entries, keys, building) = try store.pool.read { db in
            (try LineageRuns.runs(.id, db).map(\.entries), try LineageRuns.keys(for: 5, kind: .id, db),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lineage_run WHERE kind > 1"))
        }
        #expect(entries == [LineageRuns.fanout] && keys == [5] && building == 0)
    }

    @Test func backgroundMergesLeaveTheIngestionToReturnAndMergeTheSame() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        // 40 ingestions of 5 records, merged on the store's merge thread.
        for ingestion in 0..<40 {
            _ = try store.ingestLineage(LineageStoreTests.batches(ingestion * 5..<(ingestion + 1) * 5), actor: LineageStoreTests.actor, merging: .inBackground(failed: { _ in }))
        }
        try store.waitForLineageMerges()
        let (ids, subjects) = try Self.runCounts(store)
        #expect(ids < LineageRuns.fanout && subjects < LineageRuns.fanout, "\(ids) id runs, \(subjects) subject runs")
        for index in 0..<200 { #expect(try store.lineageRecord(PredictionID("p\(index)")!) != nil, "p\(index)") }
        #expect(try store.lineageSubjectRecords(SubjectKey("cust-1")!).count == 67)
        #expect(try store.verifyLineage().isValid)
        // Once stopped, the thread merges no more: a full size class stays as it is.
        store.stopLineageMerges()
        let before = try Self.runCounts(store)
        for ingestion in 40..<48 {
            _ = try store.ingestLineage(LineageStoreTests.batches(ingestion * 5..<(ingestion + 1) * 5), actor: LineageStoreTests.actor, merging: .inBackground(failed: { _ in }))
        }
        try store.waitForLineageMerges()
        let after = try Self.runCounts(store)
        #expect(after.ids == before.ids + 8 && after.subjects == before.subjects + 8)
        #expect(try store.compactLineageIndex() >= 1)
    }

    @Test func aMergeStoppedBetweenStepsLeavesTheIndexWholeAndIsTakenOverLater() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let written = try Self.writeFullSizeClass(entries: 20_000, hashesBelow: 1 << 40, store)
        // 160,000 entries, stopped before its second step (a step is 131,072): the run being built stays.
        var steps = 0
        #expect(try store.compactLineageIndex(while: { steps += 1; return steps <= 2 }) == 0)
        let (building, runs, found) = try store.pool.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lineage_run WHERE kind > 1"), try LineageRuns.runs(.subject, db).count,
             try written.prefix(50).allSatisfy { try LineageRuns.keys(for: $0.hash, kind: .subject, db).contains($0.key) })
        }
        #expect(building == 1 && runs == LineageRuns.fanout && found)
        // Nobody merges that size class while it may still be built; an hour on, it is built anew.
        #expect(try store.compactLineageIndex() == 0)
        let later = try ledger.create(clock: .fixed(Timestamp("2025-01-15T10:31:00.000Z")!))  // the first store's clock, 61 minutes on
        #expect(try later.compactLineageIndex() == 1)
        let (left, read) = try later.pool.read { db in
            var read: [LineageIndexPair] = []
            try LineageRuns.forEachEntry(.subject, db) { read.append($0) }
            return (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM lineage_run WHERE kind > 1"), read)
        }
        #expect(left == 0 && read == written.sorted())
    }
}
