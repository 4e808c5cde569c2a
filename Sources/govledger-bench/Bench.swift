import Foundation
import LedgerCore
import LedgerStore

/// `govledger-bench`: prints the ledger's performance figures beside peers measured in the same
/// run on the same machine. Build in release: `swift run -c release govledger-bench`.
///
/// Options: `--append N` (default 100000), `--verify N` (default 1000000), `--single N`
/// (default 2000), `--proof-log N` (default 1000000), `--lineage N` (records in the lineage log,
/// default 1000000), `--lineage-file N` (records per ingestion, default 100000), `--lineage-only`
/// (only the lineage figures), `--monitoring N` (snapshots measured, default 7), `--monitoring-only`
/// (only the monitoring figures), `--audit-pack N` (only the audit pack figures, for a model with N
/// entries in a log of 2N + 1), `--no-peers`, `--keep DIR` (keep the ledgers in DIR, and reuse
/// them on the next run), `--json`.
@main
enum Bench {
    static func main() async throws {
        let options = try BenchOptions(CommandLine.arguments.dropFirst())
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
        if options.lineageOnly {
            try await lineage(options, folder: folder, report: &report)
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
        try await lineage(options, folder: folder, report: &report)
        report.print(json: options.json)
    }

    static func lineage(_ options: BenchOptions, folder: URL, report: inout Report) async throws {
        let (path, ingest) = try await LineageBench.build(records: options.lineage, fileRecords: options.lineageFile, folder: folder)
        if let ingest {
            report.add("lineage.ingest.recordsPerSecond", Double(ingest.records) / ingest.seconds, unit: "records/s",
                       detail: "first \(ingest.records) records from JSON Lines, files of \(options.lineageFile), batches of 10,000, FULL; target ≥ 200,000")
            report.add("lineage.ingest.recordsPerCPUSecond", Double(ingest.records) / ingest.cpuSeconds, unit: "records/s",
                       detail: "the same per second of this process's CPU time (other load on the machine excluded)")
            report.add("lineage.ingest.readShare", ingest.readSeconds / ingest.seconds, unit: "×", detail: "parse JSON Lines, check records")
            report.add("lineage.ingest.planShare", ingest.planSeconds / ingest.seconds, unit: "×", detail: "canonical bytes, leaf hashes, batch trees")
            report.add("lineage.ingest.storeShare", ingest.storeSeconds / ingest.seconds, unit: "×", detail: "one SQLite transaction per file")
            report.add("lineage.store.firstMillion.recordsPerSecond", ingest.ratePerMillion.first ?? 0, unit: "records/s", detail: "store phase only, first million records")
            report.add("lineage.store.firstMillion.recordsPerCPUSecond", ingest.cpuRatePerMillion.first ?? 0, unit: "records/s", detail: "store phase, per CPU second")
            report.add("lineage.store.lastMillion.recordsPerCPUSecond", ingest.cpuRatePerMillion.last ?? 0, unit: "records/s", detail: "store phase, per CPU second")
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

struct BenchOptions {
    var append = 100_000
    var verify = 1_000_000
    var single = 2_000
    var proofLog = 1_000_000
    var lineage = 1_000_000
    var lineageFile = 100_000
    var lineageOnly = false
    var peers = true
    var keep: String?
    var json = false
    var monitoring = 7
    var monitoringOnly = false
    var auditPack: Int?

    init(_ arguments: ArraySlice<String>) throws {
        var iterator = arguments.makeIterator()
        func number(_ name: String) throws -> Int {
            guard let text = iterator.next(), let value = Int(text), value > 0 else {
                throw BenchError("\(name) needs a positive whole number")
            }
            return value
        }
        while let argument = iterator.next() {
            switch argument {
            case "--append": append = try number(argument)
            case "--verify": verify = try number(argument)
            case "--single": single = try number(argument)
            case "--proof-log": proofLog = try number(argument)
            case "--lineage": lineage = try number(argument)
            case "--lineage-file": lineageFile = try number(argument)
            case "--lineage-only": lineageOnly = true
            case "--no-peers": peers = false
            case "--keep": keep = iterator.next()
            case "--json": json = true
            case "--monitoring": monitoring = try number(argument)
            case "--monitoring-only": monitoringOnly = true
            case "--audit-pack": auditPack = try number(argument)
            default: throw BenchError("unknown option \(argument); options: --append N --verify N --single N --proof-log N --lineage N --lineage-file N --lineage-only --monitoring N --monitoring-only --audit-pack N --no-peers --keep DIR --json")
            }
        }
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
