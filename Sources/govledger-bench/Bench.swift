import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

/// `govledger-bench`: prints the ledger's performance figures beside peers measured in the same
/// run on the same machine. Build in release: `swift run -c release govledger-bench`;
/// `govledger-bench --help` lists the options.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "govledger-bench",
        abstract: "Prints the ledger's performance figures beside peers measured in the same run.",
        discussion: "Build it in release. docs/performance.md says what each figure measures and how to reproduce it.")

    @OptionGroup var options: BenchOptions

    /// Bad options exit 2 with the usage, as the `govledger` command does; a failed run exits 1.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if let bench = command as? Bench {
                try await bench.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Foundation.exit(0)
            }
            FileHandle.standardError.write(Data((message + "\n").utf8))
            Foundation.exit(code == .validationFailure ? 2 : 1)
        }
    }

    func run() async throws {
        let options = self.options
        let folder = options.keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("govledger-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if options.keep == nil { try? FileManager.default.removeItem(at: folder) } }

        var report = Report(machine: Machine.describe())
        report.note("machine", report.machine)
        if let packEntries = options.auditPack {
            let path = try AuditPackBench.build(entries: packEntries, folder: folder)
            let pack = try AuditPackBench.measure(path: path, folder: folder)
            let detail = "model with \(pack.packEntries) entries (policy included) in a \(pack.logEntries)-entry log"
            report.add("auditPack.build.seconds", pack.buildSeconds, unit: "s", detail: "\(detail): select, checkpoint, multi-proof, manifest, ZIP; target < 10")
            report.add("auditPack.verify.seconds", pack.verifySeconds, unit: "s", detail: "read the ZIP, every check of verify-pack; target < 5")
            report.add("auditPack.verify.readSeconds", pack.readSeconds, unit: "s", detail: "of which reading and inflating the ZIP")
            report.add("auditPack.bytes", Double(pack.packBytes), unit: "B", detail: "the ZIP (deflate); entries.jsonl alone \(pack.entriesBytes) B uncompressed")
            report.add("auditPack.multiproof.hashes", Double(pack.proofHashes), unit: "hashes", detail: "one per subtree without a pack entry")
            report.print(json: options.json)
            return
        }
        if options.lineageStages {
            let stages = try LineageBench.stages(records: options.lineage, fileRecords: options.lineageFile)
            for (name, seconds, detail) in [
                ("read", stages.read, "parse and check the members of the JSON Lines (one core)"),
                ("check", stages.check, "duplicate ids within the file, the clock, the validator"),
                ("plan", stages.plan, "canonical bytes, leaf hashes, key hashes, batch trees (one core)"),
                ("release", stages.release, "freeing the parsed records and the batches"),
            ] {
                report.add("lineage.stage.\(name)", seconds / Double(stages.records) * 1e6, unit: "µs", detail: detail)
            }
            report.print(json: options.json)
            return
        }
        if options.lineageOnly {
            try await Self.lineage(options, folder: folder, report: &report)
            report.print(json: options.json)
            return
        }

        // 0. A monitoring snapshot: 120 features × 20 bins and two 10,000-value KS samples.
        let monitoring = try await MonitoringBench.run(folder: folder, repetitions: options.monitoring)
        report.add("monitoring.snapshot.compute.p50", monitoring.computeMedian * 1000, unit: "ms",
                   detail: "120 features × 20 bins, KS on two 10,000-value samples, median of \(options.monitoring)")
        report.add("monitoring.snapshot.record.p50", monitoring.recordMedian * 1000, unit: "ms",
                   detail: "decided, rule-checked and appended durably by a long-lived writer (\(monitoring.payloadBytes)-byte payload)")
        report.add("monitoring.snapshot.record.cold", monitoring.recordCold * 1000, unit: "ms",
                   detail: "the same from a fresh process, rebuilding the stream's state over \(monitoring.earlierSnapshots) earlier snapshots")
        if options.monitoringOnly {
            report.print(json: options.json)
            return
        }

        // 1. Batched durable append, and raw SQLite inserts of the same rows as the floor.
        let batched = try AppendBench.batched(entries: options.append, batch: 1000, folder: folder)
        report.add("append.batched.entriesPerSecond", batched.rate, unit: "entries/s",
                   detail: "\(options.append) entries, batches of 1,000, ~\(batched.payloadBytes)-byte payloads, synchronous=FULL")
        if options.peers, let raw = Peers.rawSQLite(entries: options.append, payloadBytes: batched.payloadBytes, folder: folder) {
            report.add("peer.sqlite.executemany.entriesPerSecond", raw, unit: "entries/s",
                       detail: "Python sqlite3 executemany, same rows in both tables, WAL, FULL, batches of 1,000")
            report.add("append.batched.ratioToRawSQLite", batched.rate / raw, unit: "×", detail: "target ≥ 0.5")
        }

        // 2. Single-entry durable append latency.
        let single = try AppendBench.single(count: options.single, folder: folder)
        report.add("append.single.p50", single.p50 * 1000, unit: "ms", detail: "\(options.single) appends, one transaction each, FULL")
        report.add("append.single.p99", single.p99 * 1000, unit: "ms", detail: "")
        report.add("append.single.entriesPerSecond", Double(options.single) / single.total, unit: "entries/s", detail: "one process, sequential")

        // 3. Verify over a large log: in-process rate, then the CLI's rate and peak memory.
        let verifyPath = try AppendBench.build(entries: options.verify, folder: folder, name: "verify.db")
        let inProcess = try VerifyBench.inProcess(path: verifyPath)
        report.add("verify.library.entriesPerSecond", inProcess.rate, unit: "entries/s", detail: "\(options.verify) entries, headers + links + leaf hashes + payload digests + Merkle root")
        if let cli = VerifyBench.cli(path: verifyPath) {
            report.add("verify.cli.entriesPerSecond", cli.rate, unit: "entries/s", detail: "govledger verify, whole process")
            report.add("verify.cli.peakMemory", cli.peakMiB, unit: "MiB", detail: "max resident set size, target < 100")
        }
        if options.peers, let speed = Peers.opensslSHA256(bytes: inProcess.headerBytes) {
            // Verify hashes each header once (leaf), each payload once (salted digest) and one
            // interior Merkle node per entry on average.
            let bytesPerEntry = Double(inProcess.headerBytes + 1 + inProcess.payloadBytes + 16 + 65)
            let ceiling = speed / bytesPerEntry
            report.add("peer.openssl.sha256.bytesPerSecond", speed, unit: "B/s", detail: "openssl speed -evp sha256 at \(inProcess.headerBytes)-byte blocks")
            report.add("verify.hashCeiling.entriesPerSecond", ceiling, unit: "entries/s", detail: "openssl rate ÷ \(Int(bytesPerEntry)) bytes hashed per entry")
            report.add("verify.library.ratioToHashCeiling", inProcess.rate / ceiling, unit: "×", detail: "target ≥ 0.6")
        }
        // 4. Proofs on a large log (--proof-log N, default 1,000,000 entries).
        let proofPath = try ProofBench.build(entries: options.proofLog, folder: folder)
        let proofs = try ProofBench.measure(path: proofPath)
        report.add("proof.inclusion.p50", proofs.inclusionP50 * 1000, unit: "ms", detail: "\(options.proofLog)-entry log, random seq, library call")
        report.add("proof.inclusion.p99", proofs.inclusionP99 * 1000, unit: "ms", detail: "target: median < 1 ms at 10,000,000")
        report.add("proof.consistency.p50", proofs.consistencyP50 * 1000, unit: "ms", detail: "random earlier size to the full size")
        report.add("proof.consistency.p99", proofs.consistencyP99 * 1000, unit: "ms", detail: "")
        // 5. Prediction lineage (--lineage N, default 1,000,000 records).
        try await Self.lineage(options, folder: folder, report: &report)
        report.print(json: options.json)
    }

    static func lineage(_ options: BenchOptions, folder: URL, report: inout Report) async throws {
        let (path, ingest) = try await LineageBench.build(records: options.lineage, fileRecords: options.lineageFile, folder: folder)
        if let ingest {
            report.add("lineage.ingest.recordsPerSecond", Double(ingest.records) / ingest.seconds, unit: "records/s",
                       detail: "first \(ingest.records) records from JSON Lines, files of \(options.lineageFile) pipelined, batches of 10,000, FULL; target ≥ 200,000")
            report.add("lineage.ingest.recordsPerCPUSecond", Double(ingest.records) / ingest.cpuSeconds, unit: "records/s",
                       detail: "the same per second of this process's CPU time (other load on the machine excluded)")
            report.add("lineage.ingest.readShare", ingest.readSeconds / ingest.seconds, unit: "×", detail: "parse JSON Lines, check records (time in the phase ÷ wall time)")
            report.add("lineage.ingest.planShare", ingest.planSeconds / ingest.seconds, unit: "×", detail: "canonical bytes, leaf hashes, batch trees")
            report.add("lineage.ingest.storeShare", ingest.storeSeconds / ingest.seconds, unit: "×", detail: "one SQLite transaction per file, beside the next file's parse and plan")
            report.add("lineage.ingest.readPlanCPUPerRecord",
                       (ingest.cpuSeconds - ingest.writerCPUSeconds - ingest.checkpointCPUSeconds) / Double(ingest.records) * 1e6, unit: "µs",
                       detail: "CPU time on all cores to parse, check and plan a record (the process's, less the writer's and the checkpoint thread's)")
            report.add("lineage.ingest.writerCPUPerRecord", ingest.writerCPUSeconds / Double(ingest.records) * 1e6, unit: "µs",
                       detail: "CPU time of the writer thread per record")
            report.add("lineage.ingest.checkpointCPUPerRecord", ingest.checkpointCPUSeconds / Double(ingest.records) * 1e6, unit: "µs",
                       detail: "CPU time of the write-ahead log checkpoint thread per record (\(ingest.checkpointPasses) background passes, \(ingest.inlineCheckpoints) in a commit over the log's limit)")
            report.add("lineage.store.firstMillion.recordsPerSecond", ingest.ratePerMillion.first ?? 0, unit: "records/s", detail: "store phase only, first million records")
            report.add("lineage.store.firstMillion.recordsPerCPUSecond", ingest.cpuRatePerMillion.first ?? 0, unit: "records/s", detail: "store phase, per CPU second of the writer thread")
            report.add("lineage.store.lastMillion.recordsPerCPUSecond", ingest.cpuRatePerMillion.last ?? 0, unit: "records/s", detail: "store phase, per CPU second of the writer thread")
            report.add("lineage.store.lastMillion.recordsPerSecond", ingest.ratePerMillion.last ?? 0, unit: "records/s", detail: "store phase only, last million records of \(options.lineage)")
            report.add("lineage.record.canonicalBytes", Double(ingest.canonicalBytes), unit: "B", detail: "average JCS(record)")
        }
        if options.peers, let peer = Peers.lineageSQLite(records: min(options.lineage, 1_000_000), fileRecords: options.lineageFile, folder: folder) {
            report.add("peer.sqlite.lineageLayout.recordsPerSecond", peer.rate, unit: "records/s", detail: "Tests/Peers/lineage_sqlite_ingest.c: the same rows through SQLite's C API, no Swift")
            report.add("peer.sqlite.lineageLayout.recordsPerCPUSecond", peer.perCPU, unit: "records/s", detail: "per second of the peer's CPU time")
        }
        let show = try LineageBench.show(path: path, records: options.lineage, folder: folder)
        report.add("lineage.show.p50", show.p50 * 1000, unit: "ms", detail: "\(options.lineage)-record log, random id, lookup + both proof levels; target < 5 ms at 10,000,000")
        report.add("lineage.show.p99", show.p99 * 1000, unit: "ms", detail: "")
        report.add("lineage.show.withVerify.p50", show.p50WithVerify * 1000, unit: "ms", detail: "plus local verification (Ed25519)")
        report.add("lineage.disk.bytesPerRecord", show.bytesPerRecord, unit: "B", detail: "database file after a WAL checkpoint ÷ records")
    }
}

struct BenchOptions: ParsableArguments {
    @Option(help: "Entries in the batched append run.") var append = 100_000
    @Option(help: "Entries in the verify run.") var verify = 1_000_000
    @Option(help: "Single-entry appends timed.") var single = 2_000
    @Option(name: .customLong("proof-log"), help: "Entries in the log that proofs are taken from.") var proofLog = 1_000_000
    @Option(help: "Records in the lineage log.") var lineage = 1_000_000
    @Option(name: .customLong("lineage-file"), help: "Records per lineage ingestion.") var lineageFile = 100_000
    @Flag(name: .customLong("lineage-only"), help: "Only the lineage figures.") var lineageOnly = false
    @Flag(name: .customLong("lineage-stages"), help: "Only the CPU time per record of each step before the store, on one core.")
    var lineageStages = false
    @Option(help: "Monitoring snapshots measured.") var monitoring = 7
    @Flag(name: .customLong("monitoring-only"), help: "Only the monitoring figures.") var monitoringOnly = false
    @Option(name: .customLong("audit-pack"), help: "Only the audit pack figures, for a model with this many entries in a log of twice as many plus one.")
    var auditPack: Int?
    @Flag(name: .customLong("no-peers"), help: "Skip the peers (raw SQLite, openssl, eventsourcing).") var noPeers = false
    @Option(help: ArgumentHelp("Keep the benchmark ledgers in this folder and reuse them on the next run.", valueName: "dir"))
    var keep: String?
    @Flag(help: "One JSON object instead of the table.") var json = false

    var peers: Bool { !noPeers }

    mutating func validate() throws {
        for (name, value) in [("--append", append), ("--verify", verify), ("--single", single), ("--proof-log", proofLog),
                              ("--lineage", lineage), ("--lineage-file", lineageFile), ("--monitoring", monitoring), ("--audit-pack", auditPack ?? 1)]
        where value < 1 {
            throw ValidationError("\(name) needs a positive whole number, not \(value).")
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
