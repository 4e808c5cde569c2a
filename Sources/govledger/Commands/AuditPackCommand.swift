import ArgumentParser
import Foundation
import LedgerCore
import LedgerServer
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

    /// The model card and the audit report of the period for the pack's `reports/`
    /// (``AuditPackWriter/reports(scope:state:store:templates:now:)``, shared with the server).
    static func reports(
        scope: AuditPackScope, state: ProjectionState, store: SQLiteEventStore, templates: TemplateLibrary, now: Timestamp
    ) async throws -> [(path: String, bytes: [UInt8])] {
        try await AuditPackWriter.reports(scope: scope, state: state, store: store, templates: templates, now: now)
    }

    /// Builds the pack and writes it to `out` (``AuditPackWriter/write(store:scope:signer:out:createdAt:documents:)``,
    /// shared with `POST /v1/audit-packs`); a refused scope is a usage error.
    static func write(
        store: SQLiteEventStore, scope: AuditPackScope, signer: NoteSigner, out: String, createdAt: Timestamp,
        documents: [(path: String, bytes: [UInt8])] = []
    ) throws -> JSONObject {
        do {
            return try AuditPackWriter.write(store: store, scope: scope, signer: signer, out: out, createdAt: createdAt, documents: documents)
        } catch let refusal as AuditPackWriter.Refusal {
            throw CommandFailure.usage(refusal.message)
        }
    }
}
