import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore

struct VerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every header, chain link, leaf hash and payload digest.",
        discussion: """
            Level 1 (integrity): each header is canonical format v1, seq is contiguous from 0, prevSHA256 links \
            to the previous leaf hash, times never decrease, stream versions count 1, 2, 3…; the Merkle root \
            recomputed from the entries matches every stored signed checkpoint and the tree head stored after \
            each append batch, and the stored subtree hashes match. Level 2 (payloads): each payload and salt \
            hash to the header's payloadSHA256; an absent payload must be covered by a retention.purged or \
            erasure.performed entry. Exits 1 naming the first bad seq. \
            Level 3 (--rules): once integrity holds, replays the log through the governance rules and lists every \
            entry that breaks one (a transition without its approvals, a vote by a non-member or with a bad signature, \
            a decision that does not match its tally…); exits 1 if there is any.
            """)

    @OptionGroup var ledger: LedgerOptions
    @OptionGroup var output: JSONFlag
    @Option(help: ArgumentHelp("A signed checkpoint saved earlier (its note): prove the log is still consistent with it.", valueName: "file"))
    var checkpoint: String?
    @Option(help: ArgumentHelp("The trusted verifier key (name+keyid+base64, or a file holding it): stored checkpoints and --checkpoint must be signed by it.", valueName: "key"))
    var key: String?
    @Flag(help: "Also check every governance entry against the rules (level 3).")
    var rules = false

    func validate() throws {
        if checkpoint != nil, key == nil {
            throw ValidationError("--checkpoint needs --key: a saved checkpoint is trusted only with the key that signed it.")
        }
    }

    /// Reads and authenticates a checkpoint saved outside the ledger.
    func savedCheckpoint() throws -> Checkpoint? {
        guard let checkpoint, let key else { return nil }
        let verifier = try KeyInput.verifier(key)
        guard let data = FileManager.default.contents(atPath: checkpoint) else {
            throw CommandFailure.usage("Cannot read the checkpoint file '\(checkpoint)'.")
        }
        do throws(LedgerError) {
            let note = try SignedNote.open(Array(data), verifiers: [verifier])
            return try Checkpoint(text: note.text)
        } catch {
            throw CommandFailure(message: "the saved checkpoint '\(checkpoint)' does not verify with \(verifier.verifierKey): \(error.message)", exitCode: error.code == .malformedInput ? 2 : 1)
        }
    }

    func run() async throws {
        let saved = try savedCheckpoint()
        let store = try ledger.open()
        if let saved {
            let origin = try store.origin()
            guard saved.origin == origin else {
                throw CommandFailure.failed("the saved checkpoint is for the log '\(saved.origin)', but this ledger is '\(origin)'.")
            }
        }
        if let key {
            let trusted = try KeyInput.verifier(key).verifierKey
            if let other = try store.checkpoints().first(where: { $0.verifierKey != trusted }) {
                throw CommandFailure.failed("the stored checkpoint of size \(other.size) is signed by \(other.verifierKey), not by the trusted key \(trusted).")
            }
        }
        let report = try store.verify(against: saved.map { [$0] } ?? [])
        // Lineage records hang off batch entries: check them once the log itself holds.
        let lineage = report.isValid ? try store.verifyLineage() : nil
        let rate = report.seconds > 0 ? Double(report.entriesChecked) / report.seconds : 0
        let ruleReport = rules && report.isValid ? try RulesVerification.check(store) : nil
        if output.json {
            var object = JSONObject()
            object["ok"] = .bool(report.isValid && lineage?.isValid != false)
            object["entriesChecked"] = .int(report.entriesChecked)
            object["payloadsChecked"] = .int(report.payloadsChecked)
            object["payloadsPurged"] = .int(report.payloadsPurged)
            object["checkpointsChecked"] = .int(report.checkpointsChecked)
            object["treeHeadsChecked"] = .int(report.treeHeadsChecked)
            if let saved { object["savedCheckpointSize"] = .int(saved.size) }
            object["seconds"] = .number((report.seconds * 1000).rounded() / 1000)
            object["entriesPerSecond"] = .number(rate.rounded())
            object["peakResidentMiB"] = .number((Self.peakResidentMiB() * 10).rounded() / 10)
            object["lineage"] = lineage.map { .object(LineageCommand.json($0)) } ?? .null
            if let failure = report.failure ?? lineage?.failure {
                object["firstBadSeq"] = failure.seq.map { .int($0) } ?? .null
                object["error"] = .string(failure.message)
            } else {
                object["treeSize"] = .int(report.entriesChecked)
                object["rootHash"] = .string(report.rootHash.hex)
                object["headLeafHash"] = .string(report.headLeafHash.hex)
            }
            if let ruleReport {
                object["rules"] = .object(RulesVerification.json(ruleReport))
                object["ok"] = .bool(report.isValid && lineage?.isValid != false && ruleReport.isValid)
            }
            Output.json(.object(object))
        } else if report.isValid {
            Output.line("OK: \(report.entriesChecked) entries verified (headers, chain links, leaf hashes, \(report.payloadsChecked) payload digests, \(report.payloadsPurged) purged payloads).")
            Output.line(String(format: "    %.3f s, %.0f entries/s", report.seconds, rate))
            Output.line("    tree size \(report.entriesChecked), root \(report.rootHash.hex)")
            Output.line("    \(report.checkpointsChecked) signed checkpoints and \(report.treeHeadsChecked) stored tree heads match the recomputed tree")
            let keys = Set(try store.checkpoints().map(\.verifierKey)).sorted()
            if !keys.isEmpty {
                Output.line("    checkpoints signed by: \(keys.joined(separator: ", "))\(key == nil ? " (pass --key to require a key you trust)" : "")")
            }
            if let saved {
                Output.line("    consistent with the saved checkpoint of size \(saved.size) (root \(saved.rootHash.hex))")
            }
            if let lineage, lineage.batchesChecked > 0 || !lineage.isValid {
                Output.line(lineage.isValid
                    ? "    lineage: \(lineage.batchesChecked) batches, \(lineage.recordsChecked) records match their leaves, \(lineage.recordsErased) erased records covered\(lineage.recordsPurged > 0 ? ", \(lineage.recordsPurged) purged by retention" : "")"
                    : "    lineage: FAILED after \(lineage.batchesChecked) good batches")
            }
            if let ruleReport { RulesVerification.print(ruleReport) }
        } else {
            Output.line("FAILED after \(report.entriesChecked) good entries.")
        }
        if let failure = report.failure ?? lineage?.failure {
            let place = failure.seq.map { "seq \($0)" } ?? "the log"
            throw CommandFailure(message: "\(report.failure == nil ? "lineage " : "")verification failed at \(place): \(failure.message)", exitCode: 1)
        }
        if let ruleReport, let first = ruleReport.violations.first {
            throw CommandFailure(message: "rule verification failed: \(ruleReport.violations.count) violation\(ruleReport.violations.count == 1 ? "" : "s"), the first at seq \(first.seq) (rule \(first.rule))", exitCode: 1)
        }
    }

    /// This process's peak resident memory, in MiB (getrusage reports KiB on Linux).
    static func peakResidentMiB() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
