import Foundation
import Testing
import LedgerCore
@testable import LedgerStore

/// Checkpoints of the write-ahead log run off the writer's path, and the log stays bounded.
struct WALCheckpointTests {
    /// A store with 4 KiB pages whose commits ask for a checkpoint from 8 pages of log.
    static func store(_ ledger: TemporaryLedger, limitBytes: Int) throws -> SQLiteEventStore {
        let configuration = SQLiteEventStore.Configuration(
            clock: .fixed(Timestamp("2025-01-15T09:30:00.000Z")!), random: .deterministic(seed: 1), pageSize: 4_096,
            walCheckpointPages: 8, walLimitBytes: limitBytes)
        return try SQLiteEventStore.create(at: ledger.path, configuration: configuration).store
    }

    /// One commit of 40 entries of about 2 KB: some 25 pages of log.
    static func commit(_ store: SQLiteEventStore, _ round: Int) throws {
        let text = String(repeating: "x", count: 2_000)
        _ = try store.appendNow((0..<40).map { draft("model/m\(round % 3)", payload: ["n": .number(Double($0)), "text": .string(text)]) })
    }

    static func fileBytes(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }

    @Test func commitsLeaveTheCopyIntoTheDatabaseFileToTheBackgroundThread() throws {
        let ledger = try TemporaryLedger()
        let store = try Self.store(ledger, limitBytes: 1 << 30)
        let before = store.walCheckpoints.wait().counts
        for round in 0..<6 { try Self.commit(store, round) }
        try store.waitForWALCheckpoints()
        let counts = store.walCheckpoints.wait().counts
        #expect(counts.background > before.background)
        #expect(counts.inline == 0, "no commit copied the log itself")
        let statistics = store.walCheckpointStatistics()
        #expect(statistics.backgroundPasses == counts.background && statistics.inlineCheckpoints == 0)
        #expect(statistics.backgroundCPUSeconds > 0)
        // Every committed page is in the database file (SQLite's own checkpoint would not have
        // run yet: it waits for 1,000 pages).
        #expect(Self.fileBytes(ledger.path) == Int(try store.databaseFileBytes()))
        #expect(try store.verify().isValid)
        try store.checkpointWriteAheadLog()
        #expect(Self.fileBytes(ledger.path + "-wal") == 0)
        #expect(try ledger.open().entriesNow(EntryQuery()).count == 6 * 40)
    }

    @Test func aCommitOverTheLimitCopiesTheLogItselfAndTheLogStaysBounded() throws {
        let ledger = try TemporaryLedger()
        let limit = 64 * 1024
        let store = try Self.store(ledger, limitBytes: limit)
        // Creating the ledger committed too.
        let before = store.walCheckpoints.wait().counts
        var largestLog = 0
        for round in 0..<12 {
            try Self.commit(store, round)
            largestLog = max(largestLog, Self.fileBytes(ledger.path + "-wal"))
        }
        let counts = store.walCheckpoints.wait().counts
        // Each commit of about 25 pages leaves the log over 16 pages: each copies it, and the
        // next one starts the log again from its beginning.
        #expect(counts.inline - before.inline == 12)
        #expect(counts.background == before.background)
        #expect(largestLog > limit && largestLog < 2 * limit + 200 * 1024, "\(largestLog) bytes of log")
        #expect(Self.fileBytes(ledger.path) == Int(try store.databaseFileBytes()))
        #expect(try store.verify().isValid)
    }

    /// Readers keep reading while the thread copies: a read sees every entry committed before it.
    @Test func readsDuringBackgroundCheckpointsSeeEveryCommittedEntry() async throws {
        let ledger = try TemporaryLedger()
        let store = try Self.store(ledger, limitBytes: 1 << 30)
        for round in 0..<20 {
            try Self.commit(store, round)
            #expect(try store.entriesNow(EntryQuery()).count == (round + 1) * 40)
        }
        try store.waitForWALCheckpoints()
        #expect(try store.verify().isValid)
    }

    /// A released store leaves one file, as a SQLite database closed by its last connection does,
    /// even when its last commit asked for a background checkpoint.
    @Test func aClosedStoreLeavesNoLog() throws {
        let ledger = try TemporaryLedger()
        do {
            let store = try Self.store(ledger, limitBytes: 1 << 30)
            for round in 0..<3 { try Self.commit(store, round) }
        }
        #expect(!FileManager.default.fileExists(atPath: ledger.path + "-wal"))
        #expect(try ledger.open().entriesNow(EntryQuery()).count == 3 * 40)
    }

    /// Closing a store a thread still holds leaves one file too, and later calls fail.
    @Test func closingAStoreCopiesTheLogInAndRemovesIt() throws {
        let ledger = try TemporaryLedger()
        let store = try Self.store(ledger, limitBytes: 1 << 30)
        for round in 0..<3 { try Self.commit(store, round) }
        _ = try store.entriesNow(EntryQuery())  // a reader connection is open
        try store.close()
        #expect(!FileManager.default.fileExists(atPath: ledger.path + "-wal"))
        #expect(throws: (any Error).self) { try store.appendNow([draft("model/late")]) }
        #expect(try ledger.open().entriesNow(EntryQuery()).count == 3 * 40)
        withExtendedLifetime(store) {}
    }
}
