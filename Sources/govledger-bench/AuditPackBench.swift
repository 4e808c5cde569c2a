import Foundation
import LedgerCore
import LedgerStore
import Projections

/// Audit pack figures: a model with N entries in a log of 2N + 1 (its entries interleaved with
/// those of other models, after one policy entry), the pack of its whole history built from the
/// store as `govledger audit-pack` does (select, sign a checkpoint, multi-proof, ZIP), then read
/// and verified as `govledger verify-pack` does.
enum AuditPackBench {
    struct Result {
        let logEntries: Int
        let packEntries: Int
        let buildSeconds: Double
        let verifySeconds: Double
        let readSeconds: Double
        let packBytes: Int
        let entriesBytes: Int
        let proofHashes: Int
    }

    static let model = "bench-model"

    static func build(entries: Int, folder: URL) throws -> String {
        let total = 2 * entries + 1
        let path = folder.appendingPathComponent("audit-pack-\(entries).db").path
        if FileManager.default.fileExists(atPath: path),
            let existing = try? SQLiteEventStore.open(at: path), (try? existing.headNow().nextSeq) == total
        {
            return path
        }
        try? FileManager.default.removeItem(atPath: path)
        let store = try SQLiteEventStore.create(at: path, configuration: .init(durability: .normal), origin: "bench.govledger.local/packs").store
        _ = try store.appendNow([EntryDraft(
            stream: StreamName(rawValue: "policy/enterprise")!, type: EventType(rawValue: "policy.adopted")!,
            actor: Principal(rawValue: "compliance@bank.example")!, payload: ["name": "enterprise-default", "version": 1])])
        var generator = SplitMix(seed: 8)
        let own = StreamName(rawValue: "model/\(model)")!
        var start = 0
        while start < 2 * entries {
            let count = min(5000, 2 * entries - start)
            var drafts = AppendBench.drafts(from: start, count: count, generator: &generator)
            for index in drafts.indices where (start + index) % 2 == 0 { drafts[index].stream = own }
            _ = try store.appendNow(drafts)
            start += count
        }
        return path
    }

    static func measure(path: String, folder: URL) throws -> Result {
        let store = try SQLiteEventStore.open(at: path)
        // A fixed key, so that a ledger kept with --keep can be measured again (its checkpoint is reused).
        let signer = try NoteSigner(name: "bench.govledger.local", privateKey: Ed25519PrivateKey(rawRepresentation: [UInt8](repeating: 0x42, count: 32)))
        let scope = try AuditPackScope(model: model, from: Timestamp("1970-01-01T00:00:00.000Z")!, to: Timestamp("9999-12-31T23:59:59.999Z")!)
        let pack = folder.appendingPathComponent("bench-pack.zip").path
        try? FileManager.default.removeItem(atPath: pack)
        let clock = ContinuousClock()

        let buildStart = clock.now
        let streams = try store.streamNames().filter { scope.membership(of: $0) != nil }
        var entries: [Entry] = []
        for stream in streams {
            try store.forEachEntry(EntryQuery(stream: StreamName(rawValue: stream)!)) { row in
                let header = try EntryHeader(canonicalBytes: row.headerBytes)
                entries.append(Entry(header: header, headerBytes: Array(row.headerBytes), payload: row.payload, leafHash: row.leafHash))
            }
        }
        entries.sort { $0.header.seq < $1.header.seq }
        let checkpoint = try store.signCheckpoint(with: signer).checkpoint
        let files = try store.withMerkleReader { reader in
            try AuditPackBuilder.build(
                scope: scope, entries: entries, checkpointNote: checkpoint.note, firstCheckpointNote: checkpoint.note,
                documents: [], createdAt: Timestamp("2026-01-01T00:00:00.000Z")!, signer: signer, reader: reader)
        }
        try AuditPackArchive.write(files, to: pack, modified: Timestamp("2026-01-01T00:00:00.000Z")!)
        let buildSeconds = (clock.now - buildStart).seconds

        let verifyStart = clock.now
        let read = try AuditPackArchive.read(pack)
        let readSeconds = (clock.now - verifyStart).seconds
        let report = try AuditPackVerifier.verify(files: read, verifier: signer.verifier)
        let verifySeconds = (clock.now - verifyStart).seconds
        precondition(report.manifest.entries == entries.count, "the pack lost entries")

        let packBytes = (try FileManager.default.attributesOfItem(atPath: pack)[.size] as? NSNumber)?.intValue ?? 0
        return Result(
            logEntries: try store.headNow().nextSeq, packEntries: entries.count, buildSeconds: buildSeconds,
            verifySeconds: verifySeconds, readSeconds: readSeconds, packBytes: packBytes,
            entriesBytes: files.first { $0.path == AuditPackLayout.entries }?.bytes.count ?? 0,
            proofHashes: AuditPackMultiproof.proofLength(seqs: entries.map(\.header.seq), size: checkpoint.size))
    }
}
