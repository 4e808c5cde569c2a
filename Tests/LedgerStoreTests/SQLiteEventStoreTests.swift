import Foundation
import Testing
import LedgerCore
import GRDB
@testable import LedgerStore

struct SQLiteEventStoreTests {
    @Test func durabilityIsFullAfterOpeningAndStaysFull() throws {
        // Given a new ledger (GRDB lowers synchronous to NORMAL during its WAL setup)
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        // Then the store has set it back to FULL, and it holds after appends and reopening
        #expect(try store.synchronousMode() == 2)
        _ = try store.appendNow([draft("model/a")])
        #expect(try store.synchronousMode() == 2)
        #expect(try ledger.open().synchronousMode() == 2)
        let fast = try SQLiteEventStore.open(at: ledger.path, configuration: .init(durability: .normal))
        #expect(try fast.synchronousMode() == 1)
    }

    @Test func aNewLedgerHasTheConfiguredPageSizeAndAnExistingOneKeepsItsOwn() throws {
        func pageSize(_ path: String) throws -> Int {
            try DatabaseQueue(path: path).read { db in try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0 }
        }
        let standard = try TemporaryLedger()
        _ = try standard.create()
        #expect(try pageSize(standard.path) == SQLiteEventStore.Configuration.defaultPageSize)
        // A ledger made with small pages keeps them when opened with the default configuration.
        let small = try TemporaryLedger()
        _ = try SQLiteEventStore.create(at: small.path, configuration: .init(pageSize: 4_096))
        let reopened = try SQLiteEventStore.create(at: small.path).store
        _ = try reopened.appendNow([draft("model/a")])
        #expect(try pageSize(small.path) == 4_096)
        #expect(try reopened.entriesNow(EntryQuery()).count == 1)
        // A size SQLite cannot use is refused before anything is created.
        for size in [1_000, 256, 131_072] {
            let refused = try TemporaryLedger()
            #expect(throws: LedgerError.self) { try SQLiteEventStore.create(at: refused.path, configuration: .init(pageSize: size)) }
            #expect(!FileManager.default.fileExists(atPath: refused.path))
        }
    }

    @Test func appendsABatchInOrderAndReadsItBack() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let written = try store.appendNow([draft("model/a"), draft("model/b"), draft("model/a", expected: 1)])
        #expect(written.map(\.header.seq) == [0, 1, 2])
        let read = try store.entriesNow(EntryQuery())
        #expect(read == written)
        #expect(try store.entriesNow(EntryQuery(stream: StreamName("model/a"))).map(\.header.seq) == [0, 2])
        #expect(try store.entriesNow(EntryQuery(fromSeq: 1, limit: 1)).map(\.header.seq) == [1])
        #expect(try store.streamVersionNow(of: StreamName("model/a")!) == 2)
        #expect(try store.headNow().nextSeq == 3)
        #expect(try verifyAll(store).count == 3)
    }

    @Test func supersededEntriesOfAGivenTypeAreLeftOutPerStream() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([
            draft("model/a", "snap.recorded"), draft("model/a"), draft("model/b", "snap.recorded"), draft("model/a", "snap.recorded"),
            draft("model/a"), draft("model/b", "snap.recorded"),
        ])
        let snap = EventType("snap.recorded")!
        // Only the latest snap.recorded of each stream comes back; other types all do.
        #expect(try store.entriesNow(EntryQuery(supersededLeftOut: [snap])).map(\.header.seq) == [1, 3, 4, 5])
        #expect(try store.entriesNow(EntryQuery(stream: StreamName("model/a"), supersededLeftOut: [snap])).map(\.header.seq) == [1, 3, 4])
        #expect(try store.entriesNow(EntryQuery(fromSeq: 2, supersededLeftOut: [snap])).map(\.header.seq) == [3, 4, 5])
        #expect(try store.entriesNow(EntryQuery()).count == 6)
        // A later entry without its payload does not supersede: the latest with a payload stays.
        try sqlite3(ledger.path, "DROP TRIGGER entry_payload_delete_only_purged; DELETE FROM entry_payload WHERE seq = 3;")
        #expect(try store.entriesNow(EntryQuery(stream: StreamName("model/a"), supersededLeftOut: [snap])).map(\.header.seq) == [0, 1, 3, 4])
    }

    @Test func aConflictWritesNothing() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/a")])
        let error = #expect(throws: LedgerError.self) {
            try store.appendNow([draft("model/b"), draft("model/a", expected: 0)])
        }
        #expect(error?.code == .streamConflict)
        #expect(try store.headNow().nextSeq == 1)
        #expect(try store.entriesNow(EntryQuery(stream: StreamName("model/b"))).isEmpty)
    }

    @Test func theDatabaseRefusesUpdatesAndDeletes() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/a")])
        for sql in [
            "UPDATE entry_header SET actor = 'mallory' WHERE seq = 0",
            "DELETE FROM entry_header WHERE seq = 0",
            "UPDATE entry_payload SET payload = x'7b7d' WHERE seq = 0",
            "DELETE FROM entry_payload WHERE seq = 0",
            "UPDATE ledger_meta SET value = 'x'",
        ] {
            let result = try sqlite3(ledger.path, sql)
            #expect(result.status != 0, "\(sql)")
            #expect(result.output.contains("govledger:"), "\(sql): \(result.output)")
        }
        #expect(try verifyAll(store).count == 1)
    }

    @Test func tamperingThroughTheShellIsDetectedAtTheRightSeq() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow((0..<6).map { draft("model/m\($0 % 2)") })
        // An attacker with file access drops the trigger and edits a header in place.
        try sqlite3(ledger.path, """
            DROP TRIGGER entry_header_no_update;
            UPDATE entry_header SET header = CAST(replace(CAST(header AS TEXT), 'tester@', 'mallory@') AS BLOB) WHERE seq = 3;
            """)
        let error = #expect(throws: LedgerError.self) { try verifyAll(store) }
        #expect(error?.seq == 3)
        #expect(error?.code == .integrityFailure)
    }

    @Test func aDeletedPayloadIsDetected() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow((0..<4).map { _ in draft("model/a") })
        try sqlite3(ledger.path, "DROP TRIGGER entry_payload_delete_only_purged; DELETE FROM entry_payload WHERE seq = 2;")
        let error = #expect(throws: LedgerError.self) { try verifyAll(store) }
        #expect(error?.seq == 2)
        #expect(error?.message.contains("payload is missing") == true)
    }

    @Test func anEditedQueryColumnIsDetected() throws {
        // Given a log whose headers are intact but whose stream column was edited in place
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/a"), draft("model/b"), draft("model/a")])
        #expect(try store.verify().isValid)
        try sqlite3(ledger.path, "DROP TRIGGER entry_header_no_update; UPDATE entry_header SET stream = 'model/c' WHERE seq = 1;")
        // Then verify names the entry whose columns disagree with its header
        let report = try store.verify()
        #expect(report.failure?.seq == 1)
        #expect(report.failure?.message.contains("query columns") == true)
        #expect(report.entriesChecked == 1)
    }

    @Test func openingSomethingElseSaysWhatToDo() throws {
        let ledger = try TemporaryLedger()
        let missing = #expect(throws: LedgerError.self) { try ledger.open() }
        #expect(missing?.code == .notALedger)
        #expect(missing?.message.contains("govledger init") == true)
        #expect(!FileManager.default.fileExists(atPath: ledger.path), "opening must not create the file")

        try Data("not a database at all, just text".utf8).write(to: URL(fileURLWithPath: ledger.path))
        let garbage = #expect(throws: LedgerError.self) { try ledger.open() }
        #expect(garbage?.code == .notALedger)

        let other = ledger.folder.appendingPathComponent("other.db").path
        try sqlite3(other, "CREATE TABLE notes (x TEXT);")
        let foreign = #expect(throws: LedgerError.self) { try SQLiteEventStore.open(at: other) }
        #expect(foreign?.code == .notALedger)
        #expect(foreign?.message.contains("not a govledger ledger") == true)
    }

    @Test func createIsIdempotentAndKeepsEntries() throws {
        let ledger = try TemporaryLedger()
        _ = try ledger.create().appendNow([draft("model/a")])
        let (again, created) = try SQLiteEventStore.create(at: ledger.path)
        #expect(!created)
        #expect(try again.headNow().nextSeq == 1)
    }

    @Test func concurrentAppendersSerializeIntoOneChain() async throws {
        // Given two independent stores (two connection pools) on the same file
        let ledger = try TemporaryLedger()
        _ = try ledger.create(clock: .system)
        let first = try SQLiteEventStore.open(at: ledger.path)
        let second = try SQLiteEventStore.open(at: ledger.path)
        // When both append concurrently from many tasks
        let acknowledged = try await withThrowingTaskGroup(of: [Int].self) { group in
            for worker in 0..<8 {
                let store = worker % 2 == 0 ? first : second
                group.addTask {
                    var seqs: [Int] = []
                    for round in 0..<25 {
                        let written = try await store.append([draft("model/w\(worker)", payload: ["round": .number(Double(round))])])
                        seqs += written.map(\.header.seq)
                    }
                    return seqs
                }
            }
            var all: [Int] = []
            for try await seqs in group { all += seqs }
            return all
        }
        // Then every acknowledged entry is there exactly once, contiguous, on one intact chain
        #expect(acknowledged.sorted() == Array(0..<200))
        let verifier = try verifyAll(first)
        #expect(verifier.count == 200)
        for worker in 0..<8 {
            #expect(try first.streamVersionNow(of: StreamName("model/w\(worker)")!) == 25)
        }
    }

    @Test func statisticsDescribeTheLog() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/a"), draft("model/b"), draft("model/a")])
        let stats = try store.statistics()
        #expect(stats.entries == 3)
        #expect(stats.streams == 2)
        #expect(stats.payloadsPresent == 3)
        #expect(stats.bytesOnDisk > 0)
        #expect(stats.head.nextSeq == 3)
    }
}
