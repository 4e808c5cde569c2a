import Foundation
import LedgerCore
import Testing
@testable import LedgerStore

struct LineageStoreTests {
    static func line(_ id: String, model: String = "fraud", subject: String? = nil) -> String {
        let subjectPart = subject.map { #","subject":"\#($0)""# } ?? ""
        return #"{"predictionId":"\#(id)","model":"\#(model)","version":"3.2.0","featureSet":"fs@1","inputSHA256":"\#(String(repeating: "0f", count: 32))","output":{"score":0.5},"time":"2025-01-15T09:00:00.000Z"\#(subjectPart)}"#
    }

    static func batches(_ ids: Range<Int>, size: Int = 4, prefix: String = "p") -> [LineageBatch] {
        let lines = ids.map { line("\(prefix)\($0)", model: $0 % 2 == 0 ? "fraud" : "churn", subject: "cust-\($0 % 3)") }
        let input = LineageInput.readJSONLines(Array(lines.joined(separator: "\n").utf8))
        precondition(input.problems.isEmpty)
        return LineageBatch.plan(input.records, size: size)
    }

    static let actor = Principal("ingest@bank.example")!

    static func sql(_ statements: String) -> (String) throws -> String { { _ in statements } }

    /// Erases `subject` with an erasure entry naming exactly its records.
    @discardableResult
    static func erase(_ subject: SubjectKey, in store: SQLiteEventStore) throws -> (entry: Entry, records: [LineageSubjectRecord]) {
        try store.eraseLineageSubject(subject) { records in
            EntryDraft(stream: LineageErasure.stream, type: LineageErasure.eventType, actor: actor,
                       payload: LineageErasure.payload(subject: subject, locations: records.map(\.location), reason: "request"))
        }
    }

    /// The stored records as `(key, x'…')` rows of the table before migration v10.
    static func recordRows(_ path: String) throws -> String {
        let rows = try sqlite3(path, "SELECT key, hex(records) FROM lineage_chunk ORDER BY key;").output.split(separator: "\n")
        return try rows.flatMap { row -> [String] in
            let parts = row.split(separator: "|")
            let key = Int64(parts[0])!
            return try Hex.decode(parts[1])!.withUnsafeBytes { try LineageChunks.decode($0, key: key) }.enumerated().compactMap { offset, record in
                record.map { "(\(key + Int64(offset)), x'\(Hex.encode($0))')" }
            }
        }.joined(separator: ", ")
    }

    /// SQL that replaces the records of the chunk at `key` by `change(records)` (nil: no content),
    /// around the triggers, after `before`.
    static func rewriteChunk(_ key: Int64, before: String = "", _ change: @escaping ([[UInt8]?]) -> [[UInt8]?]) -> (String) throws -> String {
        { path in
            let hex = try sqlite3(path, "SELECT hex(records) FROM lineage_chunk WHERE key = \(key);").output.trimmingCharacters(in: .whitespacesAndNewlines)
            let records = try Hex.decode(hex)!.withUnsafeBytes { try LineageChunks.decode($0, key: key) }
            var blob: [UInt8] = []
            LineageChunks.encode(change(records).map { $0 ?? [] }, into: &blob)
            return "\(before) DROP TRIGGER lineage_chunk_no_update; UPDATE lineage_chunk SET records = x'\(Hex.encode(blob))' WHERE key = \(key);"
        }
    }

    /// SQL that replaces the entries of the one run of `kind` by `change(entries)`, in one page,
    /// around the triggers (as someone with the database file could).
    static func rewriteIndex(_ kind: LineageRuns.Kind, _ change: @escaping ([LineageIndexPair]) -> [LineageIndexPair]) -> (String) throws -> String {
        { path in
            let rows = try sqlite3(path, "SELECT hex(pairs) FROM lineage_run_page WHERE run IN (SELECT id FROM lineage_run WHERE kind = \(kind.rawValue)) ORDER BY id;").output
            let bytes = rows.split(separator: "\n").flatMap { Hex.decode($0)! }
            let pairs = try bytes.withUnsafeBytes { Array(try LineageRuns.decode($0.baseAddress, bytes: Int32($0.count))) }
            let changed = change(pairs)
            let hex = Hex.encode(LineageRuns.encode(changed))
            return """
                INSERT INTO lineage_rewrite (reason) VALUES ('tampering');
                DELETE FROM lineage_run_page WHERE run IN (SELECT id FROM lineage_run WHERE kind = \(kind.rawValue));
                UPDATE lineage_run SET entries = \(changed.count) WHERE kind = \(kind.rawValue);
                INSERT INTO lineage_run_page (id, run, last, pairs)
                    SELECT id << 24, id, \(changed.map(\.hash).max() ?? 0), x'\(hex)' FROM lineage_run WHERE kind = \(kind.rawValue);
                DELETE FROM lineage_rewrite;
                """
        }
    }

    /// Checks the first proof level of a looked-up record against its batch entry's payload.
    static func provesInBatch(_ lookup: LineageLookup) throws {
        let commitment = try LineageBatchCommitment(payload: try #require(lookup.batchEntry.payload).object())
        #expect(commitment.root == lookup.batchRoot)
        try MerkleProof.verifyInclusion(
            leafHash: lookup.recordLeafHash, index: lookup.location.position, size: commitment.count, proof: lookup.batchPath, root: commitment.root)
        if let record = lookup.record { #expect(MerkleTree.leafHash(record) == lookup.recordLeafHash) }
    }

    @Test func ingestedBatchesAreEntriesAndEveryRecordIsFoundAndProven() throws {
        // Given a ledger with one ordinary entry
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.appendNow([draft("model/fraud")])
        // When 10 records of two models are ingested in batches of at most 4
        let entries = try store.ingestLineage(Self.batches(0..<10), actor: Self.actor)
        // Then each batch is one entry on lineage/<model>, appended atomically after the first
        #expect(entries.map(\.header.seq) == [1, 2, 3, 4])
        #expect(entries.map(\.header.stream.rawValue) == ["lineage/fraud", "lineage/fraud", "lineage/churn", "lineage/churn"])
        #expect(Set(entries.map(\.header.time)).count == 1)
        // And every record is found by id, with a path to the root its entry commits to
        for index in 0..<10 {
            let lookup = try #require(try store.lineageRecord(PredictionID("p\(index)")!))
            #expect(lookup.record.map { String(decoding: $0, as: UTF8.self).contains("\"p\(index)\"") } == true)
            try Self.provesInBatch(lookup)
        }
        #expect(try store.lineageRecord(PredictionID("p10")!) == nil)
        #expect(try store.lineageSubjectRecords(SubjectKey("cust-1")!).map(\.predictionId.rawValue) == ["p4", "p1", "p7"])
        let report = try store.verifyLineage()
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.recordsChecked == 10)
        #expect(try store.verify().isValid)
    }

    @Test func aPredictionIdAlreadyInTheStoreRejectsTheWholeIngestion() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.ingestLineage(Self.batches(0..<5), actor: Self.actor)
        let head = try store.headNow()
        // A new file repeating p3 and p4 beside new ids
        let again = Self.batches(3..<9)
        let rejection = #expect(throws: LineageRejection.self) { try store.ingestLineage(again, actor: Self.actor) }
        #expect(Set(rejection?.problems.compactMap(\.predictionId) ?? []) == ["p3", "p4"])
        #expect(rejection?.problems.allSatisfy { $0.description.contains("already recorded in the batch entry at seq") } == true)
        #expect(rejection?.problems.map(\.line).sorted() == [1, 2])
        // Nothing was written: no entry, no record, no index row of the new ids
        #expect(try store.headNow() == head)
        #expect(try store.lineageRecord(PredictionID("p5")!) == nil)
        #expect(try store.verifyLineage().recordsChecked == 5)
    }

    @Test func erasureDeletesContentButKeepsLeavesRootsAndProofs() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.ingestLineage(Self.batches(0..<12), actor: Self.actor)
        let subject = SubjectKey("cust-2")!
        let before = try store.lineageRecord(PredictionID("p5")!)!
        let sizeBefore = try store.headNow().nextSeq
        let rootBefore = try store.treeRoot(size: sizeBefore)
        // When the subject's records are erased
        let (entry, records) = try store.eraseLineageSubject(subject) { records in
            EntryDraft(stream: LineageErasure.stream, type: LineageErasure.eventType, actor: Self.actor,
                       payload: LineageErasure.payload(subject: subject, locations: records.map(\.location), reason: "request 17"))
        }
        #expect(records.map(\.predictionId.rawValue).sorted() == ["p11", "p2", "p5", "p8"])
        // Then the content is gone, the leaf, path and root are the same, and the erasure is named
        let after = try #require(try store.lineageRecord(PredictionID("p5")!))
        #expect(after.record == nil)
        #expect(after.erasedBy == entry.header.seq)
        #expect(after.recordLeafHash == before.recordLeafHash)
        #expect(after.batchPath == before.batchPath)
        try Self.provesInBatch(after)
        #expect(try store.treeRoot(size: sizeBefore) == rootBefore)
        #expect(try store.lineageSubjectRecords(subject).isEmpty)
        // The log records the key's digest, never the key
        let payload = String(decoding: try #require(entry.payload).canonicalBytes, as: UTF8.self)
        #expect(payload.contains(subject.digest.hex))
        #expect(!payload.contains("cust-2"))
        // And both verifications pass, counting the erased records as erased
        let report = try store.verifyLineage()
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.recordsErased == 4)
        #expect(report.recordsChecked == 8)
        #expect(try store.verify().isValid)
        // A second erasure of the same subject finds nothing and writes nothing
        let head = try store.headNow()
        #expect(throws: LedgerError.self) {
            try store.eraseLineageSubject(subject) { _ in draft("erasure/lineage", "erasure.performed") }
        }
        #expect(try store.headNow() == head)
    }

    @Test func theOneCallAPIRunsTheChecksAndTheValidatorBeforeWriting() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let lines = (0..<4).map { Self.line("s\($0)", model: $0 == 2 ? "churn" : "fraud") }
        let input = LineageInput.readJSONLines(Array(lines.joined(separator: "\n").utf8))
        let clock = LedgerClock.fixed(Timestamp("2025-01-15T10:00:00.000Z")!)
        let registry = ClosureLineageValidator { record in
            record.model == "churn" ? [LineageFieldProblem(field: "version", message: "churn 3.2.0 is not in Production")] : []
        }
        let rejection = #expect(throws: LineageRejection.self) {
            try store.ingestLineage(input, checks: LineageChecks(clock: clock, validator: registry), actor: Self.actor)
        }
        #expect(rejection?.problems.map(\.line) == [3])
        #expect(try store.headNow().nextSeq == 0)
        let entries = try store.ingestLineage(input, checks: LineageChecks(clock: clock), batchSize: 2, actor: Self.actor)
        #expect(entries.map(\.header.stream.rawValue) == ["lineage/fraud", "lineage/fraud", "lineage/churn"])
        #expect(throws: LedgerError.self) { try store.ingestLineage(LineageInput(), checks: LineageChecks(clock: clock), actor: Self.actor) }
    }

    @Test func erasedContentLeavesNoBytesInTheFiles() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        let marker = "erase-me-4f1c9a"
        let lines = [Self.line("keep-1", subject: "cust-a"), Self.line("gone-1", subject: "cust-b").replacingOccurrences(of: "fs@1", with: marker)]
        let input = LineageInput.readJSONLines(Array(lines.joined(separator: "\n").utf8))
        _ = try store.ingestLineage(LineageBatch.plan(input.records, size: 10), actor: Self.actor)
        try store.checkpointWriteAheadLog()
        func filesContain(_ text: String) -> Bool {
            ["", "-wal"].contains { suffix in
                guard let data = FileManager.default.contents(atPath: ledger.path + suffix) else { return false }
                return data.range(of: Data(text.utf8)) != nil
            }
        }
        #expect(filesContain(marker))
        let subject = SubjectKey("cust-b")!
        _ = try Self.erase(subject, in: store)
        #expect(!filesContain(marker))
        #expect(try store.verifyLineage().recordsErased == 1)
    }

    @Test func theDatabaseRefusesToDeleteOrChangeLineageRowsOutsideAnErasure() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.ingestLineage(Self.batches(0..<4), actor: Self.actor)
        for sql in [
            "DELETE FROM lineage_chunk WHERE key = 0;",
            "UPDATE lineage_chunk SET records = x'00';",
            "DELETE FROM lineage_run_page;",
            "UPDATE lineage_run_page SET pairs = x'';",
            "DELETE FROM lineage_run;",
            "UPDATE lineage_run SET entries = 1;",
            "UPDATE lineage_batch SET count = 1;",
            // A forged bookkeeping row is not enough: the newest entry must be the erasure.
            "INSERT INTO lineage_erasure (key, erased_by) VALUES (0, 1); DELETE FROM lineage_chunk WHERE key = 0;",
            // Nor is the rewrite marker alone: a chunk changes only in an erasure's or purge's transaction.
            "INSERT INTO lineage_rewrite (reason) VALUES ('x'); DELETE FROM lineage_chunk WHERE key = 0;",
            "INSERT INTO lineage_rewrite (reason) VALUES ('x'); UPDATE lineage_chunk SET records = records WHERE key = 0;",
        ] {
            let result = try sqlite3(ledger.path, sql)
            #expect(result.status != 0, "\(sql) was accepted")
        }
        #expect(try store.verifyLineage().isValid)
    }

    @Test func verificationTellsErasedRecordsFromTamperedOnes() throws {
        func ledgerWithErasure() throws -> (TemporaryLedger, SQLiteEventStore) {
            let ledger = try TemporaryLedger()
            let store = try ledger.create()
            _ = try store.ingestLineage(Self.batches(0..<8), actor: Self.actor)
            let subject = SubjectKey("cust-0")!
            _ = try Self.erase(subject, in: store)
            #expect(try store.verifyLineage().recordsErased == 3)
            return (ledger, store)
        }
        // Batches: fraud p0 p2 p4 p6 at seq 0, churn p1 p3 p5 p7 at seq 1 (key 2^20 + position);
        // the erasure at seq 2 removed cust-0's p0, p3 and p6.
        let cases: [((String) throws -> String, String)] = [
            (Self.sql("DROP TRIGGER lineage_chunk_no_update; UPDATE lineage_chunk SET records = CAST(replace(CAST(records AS TEXT), '0.5', '0.6') AS BLOB) WHERE key = 1048576;"),
             "does not hash to its leaf: it was altered after it was recorded (tampered, not erased)"),
            (Self.rewriteChunk(1_048_576) { records in [nil] + records.dropFirst() },
             "is missing and no erasure entry names it"),
            (Self.rewriteChunk(1_048_576, before: "INSERT INTO lineage_erasure (key, erased_by) VALUES (1048578, 2);") { records in
                records.enumerated().map { $0.offset == 2 ? nil : $0.element }
            },
             "is missing and no erasure entry names it"),
            (Self.rewriteChunk(0) { records in [records[1]] + records.dropFirst() },
             "was erased by the entry at seq 2, but its content is still stored"),
            (Self.rewriteIndex(.id) { $0.filter { $0.hash != LineageIndex.hash("p1") } },
             "the lineage index does not lead to the record at position 0"),
            (Self.rewriteIndex(.id) { $0.map { $0.hash == LineageIndex.hash("p5") ? LineageIndexPair(hash: $0.hash, key: 1_048_577) : $0 } },
             "the lineage index does not lead to the record at position 2"),
            (Self.rewriteIndex(.id) { pairs in pairs + [LineageIndexPair(hash: Int64.max, key: 5)] },
             "id entries but only 8 lead to records of the batches"),
            (Self.rewriteIndex(.id) { $0.reversed() },
             "is out of order"),
            (Self.sql("DROP TRIGGER lineage_id_exact_no_delete; DELETE FROM lineage_id_exact WHERE prediction_id = 'p3';"),
             "the lineage index keeps no prediction id for the removed record"),
            (Self.sql("INSERT INTO lineage_id_exact (prediction_id, key) VALUES ('p9', 5);"),
             "keeps 4 prediction ids in full but only 3 belong to records of the batches"),
            (Self.rewriteIndex(.subject) { $0.filter { $0.key != 1_048_576 } },
             "the subject index lacks the record at position 0"),
            (Self.rewriteIndex(.subject) { pairs in pairs + [LineageIndexPair(hash: Int64.max, key: 1_048_576)] },
             "the subject index has 6 entries but 5 stored records have a subject"),
            (Self.sql("DROP TRIGGER lineage_batch_no_update; UPDATE lineage_batch SET tree = CAST(zeroblob(32) || substr(tree, 33) AS BLOB) WHERE seq = 1;"),
             "the stored tree of this batch is damaged"),
        ]
        for (sql, message) in cases {
            let (ledger, store) = try ledgerWithErasure()
            let statements = try sql(ledger.path)
            let result = try sqlite3(ledger.path, statements)
            #expect(result.status == 0, "\(statements): \(result.output)")
            let report = try store.verifyLineage()
            #expect(report.failure?.message.contains(message) == true, "\(statements): \(String(describing: report.failure))")
        }
    }

    /// A new id whose 64-bit hash another id already holds is recorded and found through the
    /// ids kept in full, and is still refused when it comes again. (A real SHA-256 prefix
    /// collision cannot be made in a test: the hash row of the new id is forged to lead to
    /// another record, which is what a collision looks like to the store.)
    @Test func anIdWhoseHashIsTakenIsRecordedFoundAndRefusedAgainExactly() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.ingestLineage(Self.batches(0..<4), actor: Self.actor)
        let forged = try sqlite3(ledger.path, """
            INSERT INTO lineage_run (id, kind, level, entries) VALUES (99, 0, 0, 1);
            INSERT INTO lineage_run_page (id, run, last, pairs) VALUES (99 << 24, 99, \(LineageIndex.hash("q9")),
                x'\(Hex.encode(LineageRuns.encode([LineageIndexPair(hash: LineageIndex.hash("q9"), key: 0)])))');
            """)
        #expect(forged.status == 0, "\(forged.output)")
        #expect(try store.lineageRecord(PredictionID("q9")!) == nil)
        #expect(try store.lineageRecord(PredictionID("p0")!)?.location.key == 0)

        let written = try store.ingestLineage(Self.batches(9..<10, prefix: "q"), actor: Self.actor)
        let found = try #require(try store.lineageRecord(PredictionID("q9")!))
        #expect(found.location.batchSeq == written[0].header.seq)
        guard case .success(let record) = PredictionRecord.read(try #require(found.record)) else { Issue.record("q9 is not readable"); return }
        #expect(record.predictionId.rawValue == "q9")
        #expect(try sqlite3(ledger.path, "SELECT prediction_id FROM lineage_id_exact;").output == "q9\n")
        #expect(try store.lineageRecord(PredictionID("p0")!)?.location.key == 0)

        let again = #expect(throws: LineageRejection.self) { try store.ingestLineage(Self.batches(9..<10, prefix: "q"), actor: Self.actor) }
        #expect(again?.problems.first?.reasons.first?.message == "already recorded in the batch entry at seq \(written[0].header.seq); each prediction is recorded once")
        let refusedToo = #expect(throws: LineageRejection.self) { try store.ingestLineage(Self.batches(0..<1), actor: Self.actor) }
        #expect(refusedToo?.problems.count == 1)
    }

    /// A ledger written with the text indexes (before migration v9-lineage-hashed-index) is
    /// converted when it is opened, through the hashed tables of v9 into the runs of v10: every id is found where it was, erased ones stay erased and
    /// keep refusing duplicates, subjects still find their records, and verification passes.
    @Test func theTextIndexesOfAnOlderLedgerAreConverted() throws {
        let ledger = try TemporaryLedger()
        let store = try ledger.create()
        _ = try store.ingestLineage(Self.batches(0..<8), actor: Self.actor)
        let erasedSubject = SubjectKey("cust-0")!
        _ = try Self.erase(erasedSubject, in: store)
        var places: [String: LineageRecordLocation] = [:]
        for index in 0..<8 { places["p\(index)"] = try #require(try store.lineageRecord(PredictionID("p\(index)")!)).location }
        // The tables of migration v4, filled as the store filled them, in place of the new ones.
        let indexRows = places.sorted { $0.key < $1.key }.map { "('\($0.key)', \($0.value.batchSeq), \($0.value.position))" }
        let subjectRows = (0..<8).filter { $0 % 3 != 0 }.map { "('cust-\($0 % 3)', 'p\($0)')" }
        let downgrade = try sqlite3(ledger.path, """
            CREATE TABLE lineage_index (prediction_id TEXT PRIMARY KEY NOT NULL, batch_seq INTEGER NOT NULL,
                position INTEGER NOT NULL CHECK (position >= 0 AND position < 1048576)) STRICT, WITHOUT ROWID;
            CREATE TABLE lineage_subject (subject TEXT NOT NULL, prediction_id TEXT NOT NULL, PRIMARY KEY (subject, prediction_id)) STRICT, WITHOUT ROWID;
            INSERT INTO lineage_index VALUES \(indexRows.joined(separator: ", "));
            INSERT INTO lineage_subject VALUES \(subjectRows.joined(separator: ", "));
            CREATE TABLE lineage_record (key INTEGER PRIMARY KEY NOT NULL CHECK (key >= 0), record BLOB NOT NULL) STRICT;
            INSERT INTO lineage_record VALUES \(try Self.recordRows(ledger.path));
            DROP TABLE lineage_chunk; DROP TABLE lineage_run; DROP TABLE lineage_run_page; DROP TABLE lineage_rewrite; DROP TABLE lineage_id_exact;
            DELETE FROM grdb_migrations WHERE identifier IN ('v9-lineage-hashed-index', 'v10-lineage-index-runs');
            """)
        #expect(downgrade.status == 0, "\(downgrade.output)")

        let reopened = try SQLiteEventStore.open(at: ledger.path)
        #expect(try sqlite3(ledger.path, "SELECT count(*) FROM sqlite_master WHERE name IN ('lineage_index', 'lineage_subject');").output == "0\n")
        for (id, place) in places {
            let lookup = try #require(try reopened.lineageRecord(PredictionID(id)!))
            #expect(lookup.location == place)
            #expect((lookup.record == nil) == ["p0", "p3", "p6"].contains(id), "\(id)")
        }
        #expect(try reopened.lineageSubjectRecords(SubjectKey("cust-1")!).map(\.predictionId.rawValue) == ["p4", "p1", "p7"])
        #expect(try reopened.lineageSubjectRecords(erasedSubject).isEmpty)
        let report = try reopened.verifyLineage()
        #expect(report.isValid, "\(String(describing: report.failure))")
        #expect(report.recordsErased == 3 && report.recordsChecked == 5)
        #expect(throws: LineageRejection.self) { try reopened.ingestLineage(Self.batches(3..<4), actor: Self.actor) }
    }
}
