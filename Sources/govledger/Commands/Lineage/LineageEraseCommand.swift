import ArgumentParser
import Foundation
import Governance
import LedgerCore
import LedgerStore

extension LineageCommand {
    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "erase",
            abstract: "Erase every prediction record of a subject; leaf hashes, batch roots and proofs stay valid.",
            discussion: """
                Deletes the content of the subject's records and the subject's index rows, and appends an \
                erasure.performed entry on erasure/lineage naming the records (by batch seq and position), the \
                SHA-256 of the subject key (never the key) and the reason, all in one transaction. Refused \
                (exit 2) while any of the records' models is on legal hold.
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @OptionGroup var actor: ActorOption
        @Option(help: ArgumentHelp("The pseudonymous subject key.", valueName: "key")) var subject: String
        @Option(help: ArgumentHelp("Why the records are erased (the request's reference).", valueName: "text")) var reason: String

        func run() async throws {
            guard let key = SubjectKey(rawValue: subject) else {
                throw CommandFailure.usage("--subject is not a subject key: use \(SubjectKey.rule).")
            }
            guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw CommandFailure.usage("--reason must say why the records are erased (for example the request's reference).")
            }
            let principal = try actor.principal()
            let store = try ledger.open()
            let holds = try RetentionCommand.makePlan(store: store, asOf: Timestamp(millisecondsSinceEpoch: 0)).state.holds
            let (entry, records) = try store.eraseLineageSubject(key) { records in
                // Erasure gives way to a legal hold (GDPR Art. 17(3)(e): data needed for legal claims).
                for model in Set(records.map(\.model)).sorted() {
                    if let hold = holds[model]?.first {
                        throw CommandFailure.usage("Model \(model) is on legal hold (case \(hold.caseID)): its records cannot be erased until the hold is released. Nothing was written.")
                    }
                }
                return EntryDraft(
                    stream: LineageErasure.stream, type: LineageErasure.eventType, actor: principal, retention: .sevenYears,
                    payload: LineageErasure.payload(subject: key, locations: records.map(\.location), reason: reason))
            }
            if output.json {
                Output.json([
                    "ok": true, "seq": .int(entry.header.seq), "erased": .int(records.count),
                    "subjectSHA256": .string(key.digest.hex),
                    "predictionIds": .array(records.map { .string($0.predictionId.rawValue) }),
                ])
            } else {
                Output.line("Erased \(records.count) prediction record\(records.count == 1 ? "" : "s") of subject sha256:\(key.digest.hex); recorded as erasure.performed at seq \(entry.header.seq).")
                Output.line("Leaf hashes, batch roots and every proof are unchanged.")
            }
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check every lineage batch: trees, roots, records, indexes; tell erased records from tampered ones.",
            discussion: "Exits 1 naming the batch entry and position of the first bad record. 'govledger verify' runs the same check.")

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag

        func run() async throws {
            let report = try ledger.open().verifyLineage()
            LineageCommand.print(report, json: output.json)
            if let failure = report.failure {
                throw CommandFailure(message: "lineage verification failed at \(failure.seq.map { "seq \($0)" } ?? "the lineage tables"): \(failure.message)", exitCode: 1)
            }
        }
    }

    static func json(_ report: LineageVerificationReport) -> JSONObject {
        var object: JSONObject = [
            "ok": .bool(report.isValid), "batchesChecked": .int(report.batchesChecked), "recordsChecked": .int(report.recordsChecked),
            "recordsErased": .int(report.recordsErased), "recordsPurged": .int(report.recordsPurged), "batchesWithoutCommitment": .int(report.batchesWithoutCommitment),
            "seconds": .number((report.seconds * 1000).rounded() / 1000),
        ]
        if let failure = report.failure {
            object["firstBadSeq"] = failure.seq.map { .int($0) } ?? .null
            object["error"] = .string(failure.message)
        }
        return object
    }

    static func print(_ report: LineageVerificationReport, json: Bool) {
        if json {
            Output.json(.object(Self.json(report)))
        } else if report.isValid {
            Output.line("OK: \(report.batchesChecked) lineage batches verified: \(report.recordsChecked) records match their leaves, \(report.recordsErased) erased records are covered by erasure entries\(report.recordsPurged > 0 ? ", \(report.recordsPurged) records went with their batches' payloads in retention purges" : "").")
        } else {
            Output.line("FAILED after \(report.batchesChecked) good lineage batches.")
        }
    }
}
