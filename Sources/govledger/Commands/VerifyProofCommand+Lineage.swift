import Foundation
import LedgerCore

extension VerifyProofCommand {
    /// Checks a `govledger.lineage-proof/v1` file: record leaf → batch root in the batch entry's
    /// payload; batch entry leaf → signed checkpoint; for an erased record, the erasure entry too.
    func verifyLineage(_ value: JSONValue, verifier: NoteVerifier) throws -> JSONObject {
        let proof = try LineageProof(json: value)
        // A bad signature or note exits as the other proofs do: malformed 2, not verifying 1.
        let checkpoint = try openCheckpoint(String(decoding: proof.tlogProof.checkpointNote, as: UTF8.self), verifier: verifier)
        let verified: LineageProof.Verified
        do throws(LedgerError) {
            verified = try proof.verify(origin: checkpoint.origin, verifiers: [verifier])
        } catch {
            if error.code == .malformedInput { throw CommandFailure.usage("'\(file)': \(error.message)") }
            throw CommandFailure.failed("the prediction is not proven: \(error.message)")
        }
        var object = JSONObject()
        object["kind"] = "lineage"
        object["batchSeq"] = .int(verified.batchSeq)
        object["position"] = .int(verified.position)
        object["recordLeafHash"] = .string(proof.recordLeafHash.hex)
        object["origin"] = .string(verified.checkpoint.origin)
        object["treeSize"] = .int(verified.checkpoint.size)
        object["rootHash"] = .string(verified.checkpoint.rootHash.hex)
        object["erasedBy"] = verified.erasedBy.map { .int($0) } ?? .null
        object["predictionId"] = verified.record.map { .string($0.predictionId.rawValue) } ?? .null
        let what: String
        if let record = verified.record {
            what = "prediction \(record.predictionId) (\(record.model) \(record.version), \(record.time)) is record \(verified.position) of the batch entry at seq \(verified.batchSeq)"
        } else {
            what = "the record at position \(verified.position) of the batch entry at seq \(verified.batchSeq) was erased by the entry at seq \(verified.erasedBy!); its leaf \(proof.recordLeafHash.hex)"
        }
        object["summary"] = .string("\(what), in the log '\(verified.checkpoint.origin)' of size \(verified.checkpoint.size), signed by \(verifier.name).")
        return object
    }
}
