import Foundation
import LedgerCore
import LedgerStore

/// Lineage figures: records per second sustained into a durable ledger (batches of 10,000, one
/// ingestion per file of `fileRecords` records, synchronous=FULL), and `lineage show` latency
/// with its two-level proof on a log of `records` records.
///
/// Records look like a fraud model's: random 64-bit prediction ids (so index inserts land at
/// random places, the realistic worst case), one of 100,000 subjects each, four models, about
/// 330 canonical bytes.
enum LineageBench {
    struct Ingest {
        var records = 0
        var seconds = 0.0
        var readSeconds = 0.0
        var planSeconds = 0.0
        var storeSeconds = 0.0
        /// This process's CPU seconds for the same work: on a shared machine the wall clock also
        /// counts other programs' turns on the cores, CPU time does not (nor fsync waits).
        var cpuSeconds = 0.0
        /// The writer thread's CPU seconds in the same window: what is left of `cpuSeconds` is
        /// parsing, checking and planning (on all cores), and the memory they free.
        var writerCPUSeconds = 0.0
        /// The store's checkpoint thread's CPU seconds in the same window, and what it and the
        /// commits did: write-ahead log checkpoints are taken off the writer's path.
        var checkpointCPUSeconds = 0.0
        var checkpointPasses = 0
        var inlineCheckpoints = 0
        /// The store phase's rate for each successive million records (or the whole run when
        /// smaller): how writing scales with the size of the ledger.
        var ratePerMillion: [Double] = []
        var cpuRatePerMillion: [Double] = []
        var canonicalBytes = 0
    }

    struct Show {
        let p50: Double
        let p99: Double
        let p50WithVerify: Double
        let bytesPerRecord: Double
    }

    static let models = ["fraud-detection-engine", "credit-limit", "churn-propensity", "aml-screening"]

    /// The prediction id of record `index`: a pure function, so the show benchmark can pick
    /// ids without keeping them.
    static func id(_ index: Int) -> String {
        var generator = SplitMix(seed: UInt64(index) &* 0x9E37_79B9)
        return "txn-" + String(generator.next(), radix: 16) + "-\(index)"
    }

    /// The same records built in memory, for the part of a large log beyond the first million:
    /// parsing costs the same per record whatever the ledger's size, so it is measured once.
    static func direct(from start: Int, count: Int) throws -> LineageInput {
        let input = LineageInput.readJSONLines(file(from: start, count: 1))
        let template = input.records[0]
        var generator = SplitMix(seed: UInt64(start) + 17)
        let base = Timestamp("2025-01-15T00:00:00.000Z")!.millisecondsSinceEpoch
        var out = LineageInput()
        out.records.reserveCapacity(count)
        for index in start..<(start + count) {
            let score = Double(generator.next() % 10_000) / 10_000
            let record = try PredictionRecord(
                predictionId: PredictionID(id(index))!, model: models[index % 4], version: "3.2.\(index % 3)", featureSet: template.featureSet,
                inputSHA256: SHA256.hash(Array("input \(index)".utf8)),
                output: .init(score: score, label: score > 0.8 ? "deny" : "allow", reasonCodes: ["R\(index % 7)", "R\(index % 11)"]),
                time: Timestamp(millisecondsSinceEpoch: base + Int64(index) * 5), subject: SubjectKey("cust-\(generator.next() % 100_000)"))
            out.records.append(LineageInputRecord(line: index - start + 1, record: record))
        }
        return out
    }

    static func file(from start: Int, count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 360)
        var generator = SplitMix(seed: UInt64(start) + 17)
        let base = Timestamp("2025-01-15T00:00:00.000Z")!.millisecondsSinceEpoch
        for index in start..<(start + count) {
            let input = SHA256.hash(Array("input \(index)".utf8)).hex
            let score = Double(generator.next() % 10_000) / 10_000
            let time = Timestamp(millisecondsSinceEpoch: base + Int64(index) * 5)
            let line = #"{"predictionId":"\#(id(index))","model":"\#(models[index % 4])","version":"3.2.\#(index % 3)","featureSet":"fraud-features@1.4.0","inputSHA256":"\#(input)","output":{"score":\#(score),"label":"\#(score > 0.8 ? "deny" : "allow")","reasonCodes":["R\#(index % 7)","R\#(index % 11)"]},"time":"\#(time)","subject":"cust-\#(generator.next() % 100_000)"}"#
            out.append(contentsOf: line.utf8)
            out.append(0x0A)
        }
        return out
    }

    /// Builds (or reuses) a durable lineage ledger of `records` records, timing the ingestion.
    ///
    /// Ingestions are pipelined as a streaming ingestor runs them: while one file is written (on a
    /// thread of its own, one SQLite transaction), the next is parsed, checked and planned on the
    /// cores. The JSON Lines of the first million are generated before the clock starts.
    static func build(records: Int, fileRecords: Int, folder: URL) async throws -> (path: String, ingest: Ingest?) {
        // Parsing and planning run on every core, as `govledger lineage ingest` runs them.
        let pieces = LineageIngestion.readingPieces
        let path = folder.appendingPathComponent("lineage-\(records).db").path
        if FileManager.default.fileExists(atPath: path), let existing = try? SQLiteEventStore.open(at: path),
            (try? existing.lineageRecord(PredictionID(id(records - 1))!)) != nil
        {
            return (path, nil)
        }
        try? FileManager.default.removeItem(atPath: path)
        let clock = LedgerClock.fixed(Timestamp("2025-02-01T00:00:00.000Z")!)
        let store = try SQLiteEventStore.create(at: path, configuration: .init(durability: .full, clock: clock)).store
        let actor = Principal("bench@bank.example")!
        let parsed = min(records, 1_000_000)
        // The scoring system's files: not timed.
        let files = stride(from: 0, to: parsed, by: fileRecords).map { file(from: $0, count: min(fileRecords, parsed - $0)) }
        var ingest = Ingest()
        var storeOnly = Ingest()
        var millionRecords = 0
        var stored = 0
        var pending: Task<Stored, any Error>?
        // CPU spent building the in-memory input beyond the first million while the first million
        // was still being written: not part of the figure.
        var generationCPU = 0.0
        let checkpointsBegan = store.walCheckpointStatistics()
        let began = ContinuousClock.now
        let cpuBegan = processCPUSeconds()
        /// Waits for the file being written and accounts for it.
        func settle() async throws {
            guard let outcome = try await pending?.value else { return }
            pending = nil
            if outcome.start < parsed {
                ingest.storeSeconds += outcome.seconds
                ingest.writerCPUSeconds += outcome.cpuSeconds
            }
            storeOnly.storeSeconds += outcome.seconds
            storeOnly.cpuSeconds += outcome.cpuSeconds
            millionRecords += outcome.count
            stored = outcome.start + outcome.count
            if stored == parsed {
                ingest.seconds = began.duration(to: .now).seconds
                ingest.cpuSeconds = processCPUSeconds() - cpuBegan - generationCPU
                let checkpoints = store.walCheckpointStatistics()
                ingest.checkpointCPUSeconds = checkpoints.backgroundCPUSeconds - checkpointsBegan.backgroundCPUSeconds
                ingest.checkpointPasses = checkpoints.backgroundPasses - checkpointsBegan.backgroundPasses
                ingest.inlineCheckpoints = checkpoints.inlineCheckpoints - checkpointsBegan.inlineCheckpoints
            }
            if millionRecords >= 1_000_000 || stored == records {
                let rate = Double(millionRecords) / storeOnly.storeSeconds
                ingest.ratePerMillion.append(rate)
                ingest.cpuRatePerMillion.append(Double(millionRecords) / storeOnly.cpuSeconds)
                FileHandle.standardError.write(Data("  lineage: \(stored) records, store phase of the last \(millionRecords) at \(Int(rate)) records/s, \(Int(ingest.cpuRatePerMillion.last!)) per CPU second of the writer\n".utf8))
                storeOnly = Ingest()
                millionRecords = 0
            }
        }
        var start = 0
        while start < records {
            let count = min(fileRecords, records - start)
            let parse = start < parsed
            let generating = processCPUSeconds()
            let prepared = parse ? nil : try direct(from: start, count: count)
            if !parse, stored < parsed { generationCPU += processCPUSeconds() - generating }
            let phase = ContinuousClock.now
            let input = if let prepared { prepared } else { await LineageInput.readJSONLines(files[start / fileRecords], parts: pieces) }
            let problems = LineageChecks(clock: clock).problems(in: input)
            guard problems.isEmpty else { throw BenchError("generated records are refused: \(problems[0])") }
            let read = ContinuousClock.now
            let batches = await LineageBatch.plan(input.records, size: LineageBatch.defaultRecords, parts: pieces)
            let planned = ContinuousClock.now
            if parse {
                ingest.readSeconds += phase.duration(to: read).seconds
                ingest.planSeconds += read.duration(to: planned).seconds
                ingest.records += count
            }
            if start == 0 { ingest.canonicalBytes = batches[0].records.prefix(1000).reduce(0) { $0 + $1.canonicalBytes.count } / min(1000, batches[0].records.count) }
            try await settle()
            let first = start
            // The writer thread releases the parsed records after writing them, as
            // `LineageIngestion.write(_:releasing:)` does: they share memory with the batches.
            pending = Task { [input] in
                try await onOwnThread { try Stored(start: first, count: count) { _ = try store.ingestLineage(batches, actor: actor); withExtendedLifetime(input) {} } }
            }
            start += count
        }
        try await settle()
        return (path, ingest)
    }

    /// The CPU time of each step before the store, on one core, over `records` records read in
    /// files of `fileRecords`: where the parse, check and plan time of a record goes.
    static func stages(records: Int, fileRecords: Int) throws -> (records: Int, read: Double, check: Double, plan: Double, release: Double) {
        let clock = LedgerClock.fixed(Timestamp("2025-02-01T00:00:00.000Z")!)
        var (read, check, plan, release) = (0.0, 0.0, 0.0, 0.0)
        for start in stride(from: 0, to: records, by: fileRecords) {
            let bytes = file(from: start, count: min(fileRecords, records - start))
            var began = threadCPUSeconds()
            var input: LineageInput? = LineageInput.readJSONLines(bytes)
            read += threadCPUSeconds() - began
            began = threadCPUSeconds()
            let problems = LineageChecks(clock: clock).problems(in: input!)
            check += threadCPUSeconds() - began
            guard problems.isEmpty else { throw BenchError("generated records are refused: \(problems[0])") }
            began = threadCPUSeconds()
            var batches: [LineageBatch]? = LineageBatch.plan(input!.records, size: LineageBatch.defaultRecords)
            plan += threadCPUSeconds() - began
            began = threadCPUSeconds()
            input = nil
            batches = nil
            release += threadCPUSeconds() - began
            withExtendedLifetime(batches) {}
        }
        return (records, read, check, plan, release)
    }

    /// One file written: its place, wall seconds and the writer thread's CPU seconds.
    struct Stored: Sendable {
        let start: Int
        let count: Int
        let seconds: Double
        let cpuSeconds: Double

        init(start: Int, count: Int, _ work: () throws -> Void) throws {
            let began = ContinuousClock.now
            let cpuBegan = threadCPUSeconds()
            try work()
            self.start = start
            self.count = count
            seconds = began.duration(to: .now).seconds
            cpuSeconds = threadCPUSeconds() - cpuBegan
        }
    }

    /// Runs blocking work on a thread of its own, so the cooperative threads stay free for parsing.
    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    static func threadCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    /// `lineage show` latency: lookup and both proof levels (the library calls the CLI makes),
    /// for random prediction ids; and the same plus local verification of the proof.
    static func show(path: String, records: Int, samples: Int = 2000, folder: URL) throws -> Show {
        let store = try SQLiteEventStore.open(at: path)
        if (try store.latestCheckpoint())?.size != (try store.headNow().nextSeq) {
            let signer = try NoteSigner(name: "bench.example", privateKey: Ed25519PrivateKey.generate())
            _ = try store.signCheckpoint(with: signer)
        }
        try store.checkpointWriteAheadLog()
        let bytesPerRecord = Double(try store.databaseFileBytes()) / Double(records)
        let checkpoint = try store.latestCheckpoint()!
        let verifier = try NoteVerifier(verifierKey: checkpoint.verifierKey)
        var generator = SplitMix(seed: 2025)
        var plain: [Double] = []
        var verified: [Double] = []
        let clock = ContinuousClock()
        for sample in 0..<samples {
            let id = PredictionID(id(Int(generator.next() % UInt64(records))))!
            var proof: LineageProof?
            let elapsed = try clock.measure {
                let lookup = try store.lineageRecord(id)!
                proof = try store.lineageProof(lookup, checkpoint: checkpoint)
            }
            if sample % 2 == 0 {
                plain.append(elapsed.seconds)
            } else {
                let check = try clock.measure { _ = try proof!.verify(verifiers: [verifier]) }
                verified.append(elapsed.seconds + check.seconds)
            }
        }
        plain.sort()
        verified.sort()
        return Show(
            p50: plain[plain.count / 2], p99: plain[plain.count * 99 / 100], p50WithVerify: verified[verified.count / 2],
            bytesPerRecord: bytesPerRecord)
    }
}
