import Foundation
public import LedgerCore
public import LedgerStore
import Governance
public import Projections

/// Builds and writes audit packs; `govledger audit-pack` and `POST /v1/audit-packs` both call it,
/// so a pack downloaded from the server is the pack the CLI writes for the same scope.
public enum AuditPackWriter {
    /// Why a pack was not built: the scope names nothing in the ledger (the caller's input), or
    /// the file could not be written.
    public struct Refusal: Error, Sendable {
        public enum Kind: Sendable { case noModelStreams, noEntriesInPeriod, unwritable }
        public let kind: Kind
        public let message: String
    }

    /// The model card (Markdown, HTML, Model Card Toolkit JSON) and the audit report of the
    /// period (Markdown, HTML), rendered from the read models, for the pack's `reports/`.
    /// Empty when the model has no dossier.
    public static func reports(
        scope: AuditPackScope, state: ProjectionState, store: SQLiteEventStore, templates: TemplateLibrary, now: Timestamp
    ) async throws -> [(path: String, bytes: [UInt8])] {
        guard let dossier = state.models[scope.model] else { return [] }
        let policy = try await state.latestPolicy(in: store)
        let card = ModelCardBuilder(dossier: dossier, policy: policy, now: now, position: state.position)
        let report = AuditReportBuilder(dossiers: [dossier], state: state, policy: policy, from: scope.from, to: scope.to, now: now).build()
        var cardJSON = JSONValue.object(card.toolkitJSON()).canonicalBytes()
        cardJSON.append(0x0A)
        return [
            ("model-card.md", Array(try templates.render(card.build(), template: "model-card", format: .markdown).utf8)),
            ("model-card.html", Array(try templates.render(card.build(), template: "model-card", format: .html).utf8)),
            ("model-card.json", cardJSON),
            ("audit-report.md", Array(try templates.render(report, template: "audit-report", format: .markdown).utf8)),
            ("audit-report.html", Array(try templates.render(report, template: "audit-report", format: .html).utf8)),
        ]
    }

    /// Selects the entries, signs a checkpoint when the latest does not cover the log (or was
    /// signed by another key), builds the pack and writes it to `out` through a temporary file,
    /// so a failure leaves nothing. A refused scope leaves the ledger as it was.
    ///
    /// - Returns: the summary object `govledger audit-pack --json` prints.
    public static func write(
        store: SQLiteEventStore, scope: AuditPackScope, signer: NoteSigner, out: String, createdAt: Timestamp,
        documents: [(path: String, bytes: [UInt8])] = []
    ) throws -> JSONObject {
        let streams = try store.streamNames().filter { scope.membership(of: $0) != nil }
        guard streams.contains(where: { scope.membership(of: $0) == .model }) else {
            throw Refusal(kind: .noModelStreams, message: "The ledger has no streams of the model '\(scope.model)' (such as model/\(scope.model)). Check the slug with 'govledger registry'.")
        }
        /// The scoped entries with seq below `size`, in seq order.
        func select(below size: Int) throws -> [Entry] {
            var entries: [Entry] = []
            let until = scope.to.adding(milliseconds: 1)
            for stream in streams {
                let name = try StreamName.parse(stream)
                let since = scope.membership(of: stream) == .model ? scope.from : nil
                try store.forEachEntry(EntryQuery(stream: name, since: since, until: until)) { row in
                    guard row.seq < size else { return }
                    let header: EntryHeader
                    do {
                        header = try EntryHeader(canonicalBytes: row.headerBytes)
                    } catch let error as LedgerError {
                        throw LedgerError(.integrityFailure, "\(error.message) Run 'govledger verify' before building a pack.", seq: row.seq)
                    }
                    entries.append(Entry(header: header, headerBytes: Array(row.headerBytes), payload: row.payload, leafHash: row.leafHash))
                }
            }
            return entries.sorted { $0.header.seq < $1.header.seq }
        }
        let logSize = try store.headNow().nextSeq
        var entries = try select(below: logSize)
        guard entries.contains(where: { scope.membership(of: $0.header.stream.rawValue) == .model }) else {
            throw Refusal(kind: .noEntriesInPeriod, message: "The model '\(scope.model)' has no entries from \(scope.from) to \(scope.to); choose a period in which it has some.")
        }
        // Checked only now, so that a refused pack leaves the ledger as it was.
        var checkpoint = try store.latestCheckpoint()
        if checkpoint == nil || checkpoint!.size < logSize || checkpoint!.verifierKey != signer.verifier.verifierKey {
            checkpoint = try store.signCheckpoint(with: signer).checkpoint
        }
        let latest = checkpoint!
        if latest.size != logSize { entries = try select(below: latest.size) }
        let lastSeq = entries.last!.header.seq
        let first = try store.checkpoints().first { $0.size > lastSeq && $0.verifierKey == signer.verifier.verifierKey }
        let files = try store.withMerkleReader { reader in
            try AuditPackBuilder.build(
                scope: scope, entries: entries, checkpointNote: latest.note, firstCheckpointNote: first?.note,
                documents: documents, createdAt: createdAt, signer: signer, reader: reader)
        }
        let temporary = out + ".partial"
        try? FileManager.default.removeItem(atPath: temporary)
        do {
            try AuditPackArchive.write(files, to: temporary, modified: createdAt)
            try FileManager.default.moveItem(atPath: temporary, toPath: out)
        } catch {
            try? FileManager.default.removeItem(atPath: temporary)
            throw Refusal(kind: .unwritable, message: "Cannot write '\(out)': \(error). Check that the folder exists and is writable.")
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? NSNumber)?.intValue ?? 0
        var object = JSONObject()
        object["out"] = .string(out)
        object["model"] = .string(scope.model)
        object["from"] = .string(scope.from.description)
        object["to"] = .string(scope.to.description)
        object["entries"] = .int(entries.count)
        object["firstSeq"] = .int(entries.first!.header.seq)
        object["lastSeq"] = .int(lastSeq)
        object["treeSize"] = .int(latest.size)
        object["firstCheckpointSize"] = first.map { .int($0.size) } ?? .null
        object["files"] = .int(files.count)
        object["bytes"] = .int(bytes)
        let consistency = first.map { "consistency proof from the checkpoint of size \($0.size)" } ?? "no earlier checkpoint covers the entries, so no consistency proof"
        object["summary"] = .string("Wrote \(out): \(entries.count) entries (seq \(entries.first!.header.seq) to \(lastSeq)) of '\(scope.model)' from \(scope.from) to \(scope.to), proven in the checkpoint of size \(latest.size); \(consistency); \(files.count) files, \(bytes) bytes.")
        return object
    }
}
