import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore
import Projections

struct AuditPackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit-pack",
        abstract: "Write a self-verifying audit pack (ZIP) of one model's entries over a period.",
        discussion: """
            The pack holds the model's entries in the period plus the policy, board and role entries up to its \
            end, a signed checkpoint, a multi-leaf Merkle proof of every entry, a consistency proof from the \
            earliest checkpoint that covers them, the policies in force, and a manifest signed with --key. \
            Anyone with the verifier key checks it offline with 'govledger verify-pack' or \
            docs/verifier/verify_pack.py. --from and --to take a date (YYYY-MM-DD; --to includes the whole day) \
            or an RFC 3339 UTC timestamp. Layout: docs/audit-packs.md.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag

    @Option(help: ArgumentHelp("The model's slug, e.g. credit-scoring-model.", valueName: "slug"))
    var model: String
    @Option(help: ArgumentHelp("The first day or instant of the period.", valueName: "date"))
    var from: String
    @Option(help: ArgumentHelp("The last day (inclusive) or instant of the period.", valueName: "date"))
    var to: String
    @Option(help: ArgumentHelp("The pack to write (refuses to overwrite).", valueName: "file"))
    var out: String
    @Option(help: ArgumentHelp("The ledger's signer key file (default $GOVLEDGER_KEY_FILE).", valueName: "file"))
    var key: String?
    @Option(help: ArgumentHelp("The templates of the model card and audit report put under reports/. Default: $GOVLEDGER_TEMPLATES, ./projections, or the one beside the tool.", valueName: "dir"))
    var templates: String?

    func run() async throws {
        guard let start = AuditPackScope.bound(from, endOfDay: false) else {
            throw CommandFailure.usage("--from '\(from)' is not a date (YYYY-MM-DD) or an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS.sssZ).")
        }
        guard let end = AuditPackScope.bound(to, endOfDay: true) else {
            throw CommandFailure.usage("--to '\(to)' is not a date (YYYY-MM-DD) or an RFC 3339 UTC timestamp (YYYY-MM-DDTHH:MM:SS.sssZ).")
        }
        let scope: AuditPackScope
        do throws(LedgerError) {
            scope = try AuditPackScope(model: model, from: start, to: end)
        } catch {
            throw CommandFailure.usage(error.message)
        }
        guard !FileManager.default.fileExists(atPath: out) else {
            throw CommandFailure.usage("'\(out)' already exists; choose a new file name or remove it first.")
        }
        let folder = URL(fileURLWithPath: out).deletingLastPathComponent().path
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw CommandFailure.usage("Cannot write '\(out)': the folder '\(folder)' does not exist or is not writable.")
        }
        let signer = try KeyInput.signer(path: key)
        let library = try TemplateLibrary(directory: templates)
        let store = try ledger.open()
        let now = LedgerClock.system.now()
        var documents: [(path: String, bytes: [UInt8])] = []
        do {
            let (_, state) = try await ledger.projection()
            documents = try await Self.reports(scope: scope, state: state, store: store, templates: library, now: now)
        } catch let error as LedgerError {
            // A log whose entries do not read as governance events (written by another tool, or
            // damaged) still gets a pack of its entries; 'verify --rules' names the entries.
            FileHandle.standardError.write(Data("note: the pack has no model card or audit report: \(error.message)\n".utf8))
        }
        let summary = try Self.write(store: store, scope: scope, signer: signer, out: out, createdAt: now, documents: documents)
        if output.json {
            Output.json(.object(summary))
        } else {
            Output.line(summary["summary"]?.stringValue ?? "")
        }
    }

    /// Selects the entries, signs a checkpoint when the latest does not cover the log, builds the
    /// pack and writes it to `out` (through a temporary file, so a failure leaves nothing).
    /// The model card (Markdown, HTML, Model Card Toolkit JSON) and the audit report of the period
    /// (Markdown, HTML), rendered from the read models, for the pack's `reports/`.
    static func reports(
        scope: AuditPackScope, state: ProjectionState, store: SQLiteEventStore, templates: TemplateLibrary, now: Timestamp
    ) async throws -> [(path: String, bytes: [UInt8])] {
        guard let dossier = state.models[scope.model] else { return [] }
        let policy = try await ProjectionSupport.policy(in: state, store: store)
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

    static func write(
        store: SQLiteEventStore, scope: AuditPackScope, signer: NoteSigner, out: String, createdAt: Timestamp,
        documents: [(path: String, bytes: [UInt8])] = []
    ) throws -> JSONObject {
        let streams = try store.streamNames().filter { scope.membership(of: $0) != nil }
        guard streams.contains(where: { scope.membership(of: $0) == .model }) else {
            throw CommandFailure.usage("The ledger has no streams of the model '\(scope.model)' (such as model/\(scope.model)). Check the slug with 'govledger registry'.")
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
            throw CommandFailure.usage("The model '\(scope.model)' has no entries from \(scope.from) to \(scope.to); choose a period in which it has some.")
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
            throw CommandFailure.usage("Cannot write '\(out)': \(error). Check that the folder exists and is writable.")
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
