public import LedgerCore
internal import GRDB
internal import GRDBSQLite
import Foundation

extension SQLiteEventStore {
    /// Appends lineage batches and their records atomically: one `prediction.batch.recorded`
    /// entry per batch, plus the batch trees, the records and their index rows, all in one
    /// IMMEDIATE transaction.
    ///
    /// A prediction id already in the store is found by the index insert itself (no extra read per
    /// record); then the whole transaction is rolled back and every such record is reported.
    ///
    /// Then the index runs are merged, before returning or in the background (`merging`).
    ///
    /// - Returns: the batch entries, in the order of `batches`.
    /// - Throws: ``LineageRejection`` listing every record whose prediction id is already recorded
    ///   (nothing written); ``LedgerError`` for a stream conflict or a database failure.
    public func ingestLineage(
        _ batches: [LineageBatch], actor: Principal, retention: RetentionClass = .sevenYears, merging: LineageMerging = .beforeReturning
    ) throws -> [Entry] {
        guard !batches.isEmpty else { return [] }
        var duplicates: [LineageBatch.Record] = []
        let written: [Entry] = try pool.writeWithoutTransaction { db in
            // Index pages stay cached across batches of one ingestion (the default cache is 2 MiB).
            try db.execute(sql: "PRAGMA cache_size = -131072")
            var written: [Entry] = []
            try db.inTransaction(.immediate) {
                (written, duplicates) = try Self.appendLineage(
                    batches, actor: actor, retention: retention, in: db, configuration: configuration, filters: lineageFilters)
                return duplicates.isEmpty ? .commit : .rollback
            }
            return written
        }
        // Merging runs is not part of what was acknowledged: it has transactions of its own, and
        // the index answers the same before, during and after it.
        if duplicates.isEmpty { try mergeLineageIndex(merging) }
        guard duplicates.isEmpty else { throw try duplicateRejection(duplicates) }
        return written
    }

    /// Appends the batch entries of `batches` and inserts their rows, in the caller's transaction;
    /// returns the entries and the records whose prediction id was already recorded (the caller
    /// rolls back when there are any).
    static func appendLineage(
        _ batches: [LineageBatch], actor: Principal, retention: RetentionClass, in db: Database, configuration: Configuration,
        filters: LineageRunFilters
    ) throws -> (entries: [Entry], duplicates: [LineageBatch.Record]) {
        let entries = try append(batches.map { $0.entryDraft(actor: actor, retention: retention) }, in: db, configuration: configuration)
        return (entries, try insertLineage(batches, entries: entries, in: db, filters: filters))
    }

    /// Inserts the rows of `batches` after their entries; returns the records whose prediction id
    /// was already recorded.
    ///
    /// Batch and record rows arrive in key order by construction. The index entries of the
    /// ingestion become one new sorted run per kind (``LineageRuns``): ids by their 64-bit hash,
    /// subjects by (hash, record key). Which hashes are taken already is read from the existing
    /// id runs in one pass; an id whose hash is taken is compared exactly: a duplicate is
    /// reported, a different id (a collision) is kept in `lineage_id_exact`.
    private static func insertLineage(
        _ batches: [LineageBatch], entries: [Entry], in db: Database, filters: LineageRunFilters
    ) throws -> [LineageBatch.Record] {
        let batchInsert = try db.cachedStatement(sql: "INSERT INTO lineage_batch (seq, model, count, tree) VALUES (?, ?, ?, ?)")
        let chunkInsert = try db.cachedStatement(sql: "INSERT INTO lineage_chunk (key, records) VALUES (?, ?)")
        let (batchRaw, chunkRaw) = (batchInsert.sqliteStatement, chunkInsert.sqliteStatement)
        var chunk: [UInt8] = []
        // (id hash, record key) of every record; its batch is (key >> 20) - the first batch's seq.
        var keyed: [LineageIndexPair] = []
        keyed.reserveCapacity(batches.reduce(0) { $0 + $1.records.count })
        var subjects: [LineageIndexPair] = []
        subjects.reserveCapacity(keyed.capacity)
        for (batch, entry) in zip(batches, entries) {
            let seq = Int64(entry.header.seq)
            sqlite3_bind_int64(batchRaw, 1, seq)
            bindText(batchRaw, 2, batch.model)
            sqlite3_bind_int64(batchRaw, 3, Int64(batch.records.count))
            batch.tree.bytes.withUnsafeBytes { bindBlob(batchRaw, 4, $0) }
            try step(batchRaw, db)
            let base = LineageRecordLocation(batchSeq: Int(seq), position: 0).key
            // The records are read in place: copying each would retain and release its strings.
            try batch.records.withUnsafeBufferPointer { records in
                for first in stride(from: 0, to: records.count, by: LineageChunks.recordsPerChunk) {
                    chunk.removeAll(keepingCapacity: true)
                    LineageChunks.encode(records[first..<min(first + LineageChunks.recordsPerChunk, records.count)].lazy.map(\.canonicalBytes), into: &chunk)
                    sqlite3_bind_int64(chunkRaw, 1, base + Int64(first))
                    chunk.withUnsafeBytes { bindBlob(chunkRaw, 2, $0) }
                    try step(chunkRaw, db)
                }
                for position in records.indices {
                    let key = base + Int64(position)
                    keyed.append(LineageIndexPair(hash: records[position].idHash, key: key))
                    if let subject = records[position].subjectHash { subjects.append(LineageIndexPair(hash: subject, key: key)) }
                }
            }
        }
        keyed.sortByHashStably()
        let taken = Set(try LineageRuns.existing(keyed.map(\.hash), db, filters: filters).map(\.hash))
        var duplicates: [LineageBatch.Record] = []
        var fresh: [LineageIndexPair] = []
        fresh.reserveCapacity(keyed.count)
        let hasher = SHA256Hasher()
        let firstSeq = entries[0].header.seq
        guard entries.last!.header.seq == firstSeq + entries.count - 1 else {
            throw LedgerError(.internalFailure, "The batch entries of one ingestion were not appended one after another; nothing was written.")
        }
        func record(_ index: Int) -> LineageBatch.Record {
            let location = LineageRecordLocation(key: keyed[index].key)
            return batches[location.batchSeq - firstSeq].records[location.position]
        }
        for (index, item) in keyed.enumerated() {
            let repeated = index > 0 && keyed[index - 1].hash == item.hash
            guard repeated || taken.contains(item.hash) else {
                fresh.append(LineageIndexPair(hash: item.hash, key: item.key))
                continue
            }
            // The hash is taken, by an earlier record of this ingestion or by a recorded one: by
            // this very id (a duplicate) or by another one (a collision).
            let id = record(index).predictionId
            var earlier = index - 1
            while earlier >= 0, keyed[earlier].hash == item.hash, record(earlier).predictionId != id { earlier -= 1 }
            let sameEarlier = earlier >= 0 && keyed[earlier].hash == item.hash
            if try sameEarlier || LineageIndex.key(of: id, db, hasher: hasher) != nil {
                duplicates.append(record(index))
            } else {
                try LineageIndex.keepExact(id.rawValue, key: item.key, db)
            }
        }
        if duplicates.isEmpty {
            try LineageRuns.write(fresh, kind: .id, db)
            subjects.sortByHashStably()
            try LineageRuns.write(subjects, kind: .subject, db)
        }
        withExtendedLifetime((batchInsert, chunkInsert)) {}
        return duplicates
    }

    /// The refusal of an ingestion whose records were recorded already, read after its rollback:
    /// each names the batch entry that holds it, or says it came earlier in the same ingestion.
    func duplicateRejection(_ duplicates: [LineageBatch.Record]) throws -> LineageRejection {
        let existing = try recordedPredictions(duplicates.map(\.predictionId))
        return LineageRejection(problems: duplicates.map { record in
            let place = existing[record.predictionId].map { "in the batch entry at seq \($0)" } ?? "earlier in this ingestion"
            return LineageProblem(line: record.line, predictionId: record.predictionId.rawValue, reasons: [
                LineageFieldProblem(field: "predictionId", message: "already recorded \(place); each prediction is recorded once"),
            ])
        })
    }

    /// Entries a merge of index runs writes per transaction (about 2 MB): other writers wait at
    /// most one step.
    static let mergeStepEntries = 131_072

    /// Merges the lineage index runs of each size class that holds ``LineageRuns/fanout`` runs,
    /// a step of ``mergeStepEntries`` entries per transaction, so that other writers (appends,
    /// other ingestions) go between the steps.
    ///
    /// - Returns: the number of merges completed.
    @discardableResult
    public func compactLineageIndex() throws -> Int {
        try compactLineageIndex(while: { true })
    }

    /// The number of lineage index runs of each kind (a lookup probes each run of its kind once).
    public func lineageIndexRuns() throws -> (ids: Int, subjects: Int) {
        try pool.read { db in (try LineageRuns.runs(.id, db).count, try LineageRuns.runs(.subject, db).count) }
    }

    /// ``compactLineageIndex()``, asking `goOn` before each step and stopping when it says no
    /// (a merge left unfinished is abandoned: ``LineageRuns/abandonedAfterSeconds``).
    func compactLineageIndex(while goOn: () -> Bool) throws -> Int {
        var merges = 0
        let now = Int64(configuration.clock.now().millisecondsSinceEpoch / 1000)
        for kind in [LineageRuns.Kind.id, .subject] {
            while goOn(), var merge = try pool.writeWithoutTransaction({ db in
                var begun: LineageRuns.Merge?
                try db.inTransaction(.immediate) {
                    begun = try LineageRuns.beginMerge(kind, now: now, db)
                    return .commit
                }
                return begun
            }) {
                while !merge.done {
                    guard goOn() else { return merges }
                    let carriedOn = try pool.writeWithoutTransaction { db in
                        var carriedOn = false
                        try db.inTransaction(.immediate) {
                            carriedOn = try LineageRuns.step(&merge, limit: Self.mergeStepEntries, db)
                            return .commit
                        }
                        return carriedOn
                    }
                    guard carriedOn else { return merges }
                }
                merges += 1
            }
        }
        return merges
    }

    /// Checks and records a whole ingestion in one call (for the HTTP server): `checks` over every
    /// record, then batches of at most `batchSize` per model, then ``ingestLineage(_:actor:retention:)``.
    ///
    /// ```swift
    /// let input = try LineageInput.read(body, format: .jsonl)
    /// let entries = try store.ingestLineage(input, checks: LineageChecks(clock: clock, validator: registry), actor: caller)
    /// ```
    ///
    /// - Throws: ``LineageRejection`` with every bad record (format, duplicates in the input or in the
    ///   store, clock, validator); ``LedgerError`` `.invalidField` for an input without records.
    ///   Nothing is written in either case.
    public func ingestLineage(
        _ input: LineageInput, checks: LineageChecks, batchSize: Int = LineageBatch.defaultRecords, actor: Principal,
        retention: RetentionClass = .sevenYears, merging: LineageMerging = .beforeReturning
    ) throws -> [Entry] {
        guard (1...LineageBatch.maxRecords).contains(batchSize) else {
            throw LedgerError(.invalidField, "A lineage batch holds 1 to \(LineageBatch.maxRecords) records, not \(batchSize).")
        }
        let problems = checks.problems(in: input)
        guard problems.isEmpty else { throw LineageRejection(problems: problems) }
        guard !input.records.isEmpty else {
            throw LedgerError(.invalidField, "The input holds no prediction records; nothing was written.")
        }
        return try ingestLineage(LineageBatch.plan(input.records, size: batchSize), actor: actor, retention: retention, merging: merging)
    }

    /// Which of `ids` are already recorded, with the seq of their batch entry.
    public func recordedPredictions(_ ids: [PredictionID]) throws -> [PredictionID: Int] {
        try pool.read { db in
            let hasher = SHA256Hasher()
            var found: [PredictionID: Int] = [:]
            for id in ids {
                if let key = try LineageIndex.key(of: id, db, hasher: hasher) { found[id] = LineageRecordLocation(key: key).batchSeq }
            }
            return found
        }
    }
}

extension SQLiteEventStore {
    /// Copies the write-ahead log into the database file and truncates it
    /// (`PRAGMA wal_checkpoint(TRUNCATE)`), so that the file's size is the data's size.
    public func checkpointWriteAheadLog() throws {
        try pool.writeWithoutTransaction { db in
            try walCheckpoints.exclusive { try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        }
    }

    /// Waits for the background checkpoints of the write-ahead log asked for so far.
    ///
    /// - Throws: the error of the last background checkpoint, when it failed (the next commit
    ///   over ``Configuration/walCheckpointPages`` tries again).
    public func waitForWALCheckpoints() throws {
        if let failure = walCheckpoints.wait().failure { throw failure }
    }

    /// What the write-ahead log checkpoints cost so far: passes of the background thread and
    /// their CPU time, and the checkpoints commits ran themselves because the log was over
    /// ``Configuration/walLimitBytes``. A pass under way is not counted yet.
    public func walCheckpointStatistics() -> WALCheckpointStatistics {
        let counts = walCheckpoints.statistics()
        return WALCheckpointStatistics(
            backgroundPasses: counts.background, backgroundCPUSeconds: counts.backgroundCPUSeconds, inlineCheckpoints: counts.inline)
    }

    /// The size of the database file in bytes (without the write-ahead log).
    public func databaseFileBytes() throws -> Int64 {
        try pool.read { db in
            (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
    }
}

/// What the write-ahead log checkpoints cost so far (``SQLiteEventStore/walCheckpointStatistics()``).
public struct WALCheckpointStatistics: Sendable, Equatable {
    /// Passes of the store's checkpoint thread.
    public var backgroundPasses: Int
    /// The CPU time of those passes, in seconds.
    public var backgroundCPUSeconds: Double
    /// Checkpoints commits ran themselves because the log was over the limit.
    public var inlineCheckpoints: Int
}
