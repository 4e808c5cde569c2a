import ArgumentParser
import Foundation
import LedgerCore
import LedgerStore

extension LineageCommand {
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "Show a prediction: its record, batch entry, model chain and two-level proof.",
            discussion: """
                The proof has two levels: the record's inclusion in its batch root (RFC 9162 path within the \
                batch) and the batch entry's inclusion in the latest signed checkpoint. --proof FILE writes them \
                as a govledger.lineage-proof/v1 file that 'govledger verify-proof FILE --key KEY' checks offline. \
                An erased record shows the erasure entry, and its leaf is still proven. A record whose batch was \
                purged by retention shows the retention.purged entry; it has no proof file (the batch entry's \
                payload, which the proof needs, is gone).
                """)

        @OptionGroup var ledger: LedgerOptions
        @OptionGroup var output: JSONFlag
        @Argument(help: ArgumentHelp("The prediction id.", valueName: "prediction-id")) var predictionId: String
        @Option(help: ArgumentHelp("Write a proof file here (refuses to overwrite).", valueName: "file")) var proof: String?

        func run() async throws {
            guard let id = PredictionID(rawValue: predictionId) else {
                throw CommandFailure.usage("'\(predictionId.prefix(80))' is not a prediction id: use \(PredictionID.rule).")
            }
            let store = try ledger.open()
            guard let lookup = try store.lineageRecord(id) else {
                throw CommandFailure.usage("No prediction '\(id)' is recorded in this ledger.")
            }
            let record: PredictionRecord? = try lookup.record.map { bytes in
                guard case .success(let record) = PredictionRecord.read(bytes) else {
                    throw CommandFailure.failed("the stored record of \(id) is not a valid prediction record. Run 'govledger lineage verify'.")
                }
                return record
            }
            let chain = try record.map { try LineageModelChain.entries(model: $0.model, version: $0.version, store: store) } ?? []
            // The second level needs a signed checkpoint that covers the batch (and the erasure).
            var twoLevel: LineageProof?
            var verified: LineageProof.Verified?
            var signer: String?
            let purged = lookup.record == nil && lookup.erasedBy == nil && lookup.purgedBy != nil
            if let proof, purged {
                throw CommandFailure.usage("'\(id)' was purged by retention (the retention.purged entry at seq \(lookup.purgedBy!)): its batch entry's payload is gone, so no proof file can be written; nothing was written to \(proof).")
            }
            if !purged, let checkpoint = try store.latestCheckpoint(), checkpoint.size > max(lookup.location.batchSeq, lookup.erasedBy ?? 0) {
                let built = try store.lineageProof(lookup, checkpoint: checkpoint)
                verified = try built.verify(verifiers: [try NoteVerifier(verifierKey: checkpoint.verifierKey)])
                twoLevel = built
                signer = checkpoint.verifierKey
            }
            if let proof {
                guard let twoLevel else {
                    throw CommandFailure.usage("A proof file needs a signed checkpoint that covers seq \(max(lookup.location.batchSeq, lookup.erasedBy ?? 0)). Sign one with 'govledger checkpoint --key FILE'.")
                }
                try ProofFile.write(try twoLevel.json, to: proof)
            }
            if output.json {
                Output.json(.object(json(lookup: lookup, record: record, chain: chain, proof: twoLevel, verified: verified, signer: signer)))
            } else {
                printText(lookup: lookup, record: record, chain: chain, proof: twoLevel, verified: verified, signer: signer)
            }
        }

        func json(lookup: LineageLookup, record: PredictionRecord?, chain: [Entry], proof: LineageProof?, verified: LineageProof.Verified?, signer: String?) -> JSONObject {
            var object = lookup.json(record: record, chain: chain)
            if let proof, let verified {
                object["checkpoint"] = [
                    "size": .int(verified.checkpoint.size), "rootHash": .string(verified.checkpoint.rootHash.hex),
                    "origin": .string(verified.checkpoint.origin), "verifierKey": signer.map { .string($0) } ?? .null,
                ]
                object["entryPath"] = .array(proof.tlogProof.hashes.map { .string($0.hex) })
            } else {
                object["checkpoint"] = .null
            }
            return object
        }

        func printText(lookup: LineageLookup, record: PredictionRecord?, chain: [Entry], proof: LineageProof?, verified: LineageProof.Verified?, signer: String?) {
            let batch = lookup.batchEntry.header
            Output.line("prediction   \(lookup.predictionId)")
            if let record {
                let output = [record.output.score.map { "score \($0)" }, record.output.label.map { "label \($0)" },
                              record.output.reasonCodes.map { "reasons \($0.joined(separator: ";"))" }].compactMap { $0 }
                Output.line("model        \(record.model) \(record.version)  feature set \(record.featureSet)")
                Output.line("made at      \(record.time)  inputs SHA-256 \(record.inputSHA256.hex)")
                Output.line("output       \(output.joined(separator: "  "))")
                Output.line("record       \(String(decoding: lookup.record ?? [], as: UTF8.self))")
            } else if let erasedBy = lookup.erasedBy {
                Output.line("record       ERASED by the erasure.performed entry at seq \(erasedBy); its leaf stays in the log")
            } else if let purgedBy = lookup.purgedBy {
                Output.line("record       PURGED by retention: the retention.purged entry at seq \(purgedBy) removed the batch entry's payload and its records; the leaf stays in the batch tree")
            } else {
                Output.line("record       MISSING: no erasure or retention entry removed it; run 'govledger lineage verify'")
            }
            Output.line("batch        seq \(batch.seq)  \(batch.stream) v\(batch.streamVersion)  \(batch.time)  by \(batch.actor)")
            Output.line("             record \(lookup.location.position + 1) of \(lookup.batchCount), batch root \(lookup.batchRoot.hex)")
            if record != nil {
                if chain.isEmpty {
                    Output.line("model chain  no entry of model/\(record!.model) names version \(record!.version)")
                } else {
                    Output.line("model chain  \(chain.count) entr\(chain.count == 1 ? "y" : "ies") of model/\(record!.model) name version \(record!.version):")
                    for entry in chain { Output.line("             seq \(entry.header.seq)  \(entry.header.type)  \(entry.header.time)  by \(entry.header.actor)") }
                }
            }
            Output.line("proof 1      record leaf \(lookup.recordLeafHash.hex)")
            Output.line("             → batch root through \(lookup.batchPath.count) hashes (RFC 9162, position \(lookup.location.position) of \(lookup.batchCount))")
            if let proof, let verified {
                Output.line("proof 2      batch entry leaf \(lookup.batchEntry.leafHash.hex)")
                Output.line("             → signed checkpoint of size \(verified.checkpoint.size) through \(proof.tlogProof.hashes.count) hashes, root \(verified.checkpoint.rootHash.hex)")
                Output.line("             origin \(verified.checkpoint.origin), signed by \(signer ?? "?")")
                Output.line("verified     both levels\(verified.erasedBy != nil ? " and the erasure entry" : "") hold against the stored checkpoint")
            } else if lookup.record == nil, lookup.erasedBy == nil, lookup.purgedBy != nil {
                Output.line("proof 2      none: the batch entry's payload was purged by retention")
            } else {
                Output.line("proof 2      no signed checkpoint covers seq \(max(batch.seq, lookup.erasedBy ?? 0)) yet; sign one with 'govledger checkpoint --key FILE'")
            }
            if let path = self.proof { Output.line("proof file   \(path)") }
        }
    }
}
