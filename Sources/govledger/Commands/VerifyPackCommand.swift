import ArgumentParser
import Foundation
import LedgerCore
import Projections

struct VerifyPackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-pack",
        abstract: "Check an audit pack offline: signatures, file hashes, every entry, the Merkle proofs.",
        discussion: """
            KEY is the ledger's verifier key (name+keyid+base64) or a file holding it, obtained out of band. \
            Nothing is written. Exits 0 when the pack holds, 1 on any integrity failure (naming the file and, \
            for an entry, its line and seq), 2 when the file is missing or not a ZIP archive or the key is bad.
            """)

    @Argument(help: ArgumentHelp("The audit pack (.zip).", valueName: "pack")) var pack: String
    @Option(help: ArgumentHelp("The ledger's verifier key, or a file holding it.", valueName: "key")) var key: String
    @OptionGroup var output: JSONFlag

    func run() async throws {
        let verifier = try KeyInput.verifier(key)
        let report: AuditPackReport
        do throws(AuditPackFailure) {
            let files = try AuditPackArchive.read(pack)
            report = try AuditPackVerifier.verify(files: files, verifier: verifier)
        } catch {
            if error.kind == .unreadable { throw CommandFailure.usage(error.message) }
            if output.json {
                var object = JSONObject()
                object["ok"] = false
                object["file"] = error.file.map { .string($0) } ?? .null
                object["line"] = error.line.map { .int($0) } ?? .null
                object["seq"] = error.seq.map { .int($0) } ?? .null
                object["error"] = .string(error.description)
                Output.json(.object(object))
            }
            throw CommandFailure.failed("the audit pack does not verify: \(error.description)")
        }
        let manifest = report.manifest
        let consistency = report.consistentFrom.map { "consistent with the earlier checkpoint of size \($0)" } ?? "no earlier checkpoint in the pack"
        let summary = "audit pack of '\(manifest.model)' from \(manifest.from) to \(manifest.to): \(manifest.entries) entries (seq \(manifest.firstSeq) to \(manifest.lastSeq); \(report.payloadsPresent) payloads match, \(report.payloadsPurged) purged) are in the log '\(report.checkpoint.origin)' of size \(report.checkpoint.size), signed by \(report.verifierName); \(consistency); \(manifest.files.count + 2) files checked."
        if output.json {
            var object = JSONObject()
            object["ok"] = true
            object["model"] = .string(manifest.model)
            object["from"] = .string(manifest.from.description)
            object["to"] = .string(manifest.to.description)
            object["origin"] = .string(report.checkpoint.origin)
            object["treeSize"] = .int(report.checkpoint.size)
            object["rootHash"] = .string(report.checkpoint.rootHash.hex)
            object["entries"] = .int(manifest.entries)
            object["payloadsPresent"] = .int(report.payloadsPresent)
            object["payloadsPurged"] = .int(report.payloadsPurged)
            object["consistentFrom"] = report.consistentFrom.map { .int($0) } ?? .null
            object["files"] = .int(manifest.files.count + 2)
            object["summary"] = .string(summary)
            Output.json(.object(object))
        } else {
            Output.line("OK: " + summary)
        }
    }
}
