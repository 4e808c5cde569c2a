import ArgumentParser
import Foundation
import LedgerCore

struct VerifyProofCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-proof",
        abstract: "Check a proof file offline, with no database: the signature, the proof and the entry.",
        discussion: """
            FILE is an inclusion or consistency proof written by 'govledger prove … --out', or a lineage proof \
            written by 'govledger lineage show ID --proof FILE'. KEY is the log's \
            verifier key (name+keyid+base64) or a file holding it. Exits 0 when the proof holds, 1 when it does \
            not, 2 when the file is malformed.
            """)

    @Argument(help: ArgumentHelp("The proof file.", valueName: "file")) var file: String
    @Option(help: ArgumentHelp("The log's verifier key, or a file holding it.", valueName: "key")) var key: String
    @Option(help: ArgumentHelp("Require this checkpoint origin (default: accept the origin in the signed checkpoint and print it).", valueName: "origin"))
    var origin: String?
    @OptionGroup var output: JSONFlag

    func run() async throws {
        do {
            try await check()
        } catch let failure as CommandFailure where output.json && failure.exitCode == 1 {
            Output.json(["ok": false, "error": .string(failure.message)])
            throw CommandFailure(message: failure.message, exitCode: 1)
        }
    }

    func check() async throws {
        let verifier = try KeyInput.verifier(key)
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CommandFailure.usage("Cannot read '\(file)': check the path.")
        }
        let value: JSONValue
        var bytes = Array(data)
        if bytes.last == 0x0A { bytes.removeLast() }
        do throws(LedgerError) {
            value = try JSONValue.parse(bytes, limits: JSONLimits(maxDepth: 70, maxBytes: 4 << 20))
        } catch {
            throw CommandFailure.usage("'\(file)' is not a proof file: \(error.message)")
        }
        let result: JSONObject
        switch value["format"]?.stringValue {
        case ProofFile.inclusionFormat: result = try verifyInclusion(value, verifier: verifier)
        case ProofFile.consistencyFormat: result = try verifyConsistency(value, verifier: verifier)
        case LineageProof.format: result = try verifyLineage(value, verifier: verifier)
        default:
            throw CommandFailure.usage("'\(file)' has no known \"format\"; expected \(ProofFile.inclusionFormat), \(ProofFile.consistencyFormat) or \(LineageProof.format).")
        }
        if output.json {
            var object = result
            object["ok"] = true
            Output.json(.object(object))
        } else {
            Output.line("OK: " + (result["summary"]?.stringValue ?? "the proof holds"))
        }
    }

    /// Opens the signed checkpoint note: malformed input exits 2, a bad signature exits 1.
    func openCheckpoint(_ note: String, verifier: NoteVerifier) throws -> Checkpoint {
        let opened: SignedNote
        do throws(LedgerError) {
            opened = try SignedNote.open(Array(note.utf8), verifiers: [verifier])
        } catch {
            throw CommandFailure(message: "the checkpoint signature does not verify with \(verifier.verifierKey): \(error.message)", exitCode: error.code == .malformedInput ? 2 : 1)
        }
        let checkpoint = try Checkpoint(text: opened.text)
        if let origin, checkpoint.origin != origin {
            throw CommandFailure.failed("the checkpoint is for the log '\(checkpoint.origin)', not '\(origin)'.")
        }
        return checkpoint
    }

    func verifyInclusion(_ value: JSONValue, verifier: NoteVerifier) throws -> JSONObject {
        guard let entryValue = value["entry"], let tlogText = value["tlogProof"]?.stringValue else {
            throw CommandFailure.usage("An inclusion proof file has \"entry\" and \"tlogProof\".")
        }
        let entry = try Entry(exportLine: entryValue.canonicalBytes())
        let proof = try TlogProof(bytes: Array(tlogText.utf8))
        guard proof.index == entry.header.seq else {
            throw CommandFailure.failed("the proof is for index \(proof.index) but the entry has seq \(entry.header.seq).")
        }
        let noteBytes = proof.checkpointNote
        let checkpoint = try openCheckpoint(String(decoding: noteBytes, as: UTF8.self), verifier: verifier)
        do throws(LedgerError) {
            _ = try proof.verify(leafHash: entry.leafHash, origin: checkpoint.origin, verifiers: [verifier])
        } catch {
            throw CommandFailure.failed("the entry is not proven in the checkpoint: \(error.message)")
        }
        var payloadState = "purged (header only)"
        if let payload = entry.payload {
            guard payload.digest() == entry.header.payloadSHA256 else {
                throw CommandFailure.failed("the payload in the file does not match the header's payloadSHA256: it was altered.")
            }
            payloadState = "matches its commitment"
        }
        var object = JSONObject()
        object["kind"] = "inclusion"
        object["seq"] = .int(entry.header.seq)
        object["leafHash"] = .string(entry.leafHash.hex)
        object["origin"] = .string(checkpoint.origin)
        object["treeSize"] = .int(checkpoint.size)
        object["rootHash"] = .string(checkpoint.rootHash.hex)
        object["summary"] = .string("entry seq \(entry.header.seq) (\(entry.header.type) on \(entry.header.stream)) is in the log '\(checkpoint.origin)' of size \(checkpoint.size), signed by \(verifier.name); payload \(payloadState).")
        return object
    }

    func verifyConsistency(_ value: JSONValue, verifier: NoteVerifier) throws -> JSONObject {
        guard let oldSize = value["from"]?["size"]?.intValue, let newSize = value["to"]?["size"]?.intValue,
            let oldRootText = value["from"]?["rootHash"]?.stringValue, let oldRoot = SHA256Digest(hex: oldRootText),
            let hashes = value["proof"]?.arrayValue, let note = value["checkpoint"]?.stringValue
        else {
            throw CommandFailure.usage("A consistency proof file has from.size, from.rootHash, to.size, proof and checkpoint.")
        }
        let proof = try hashes.map { hash -> SHA256Digest in
            guard let text = hash.stringValue, let digest = SHA256Digest(hex: text) else {
                throw CommandFailure.usage("Each proof hash is 64 lowercase hex digits.")
            }
            return digest
        }
        let checkpoint = try openCheckpoint(note, verifier: verifier)
        guard checkpoint.size == newSize else {
            throw CommandFailure.failed("the signed checkpoint has size \(checkpoint.size), but the proof claims \(newSize).")
        }
        if let claimed = value["to"]?["rootHash"]?.stringValue, SHA256Digest(hex: claimed) != checkpoint.rootHash {
            throw CommandFailure.failed("the file claims root \(claimed) for size \(newSize), but the signed checkpoint has \(checkpoint.rootHash.hex).")
        }
        var oldSigned = false
        if let oldNote = value["oldCheckpoint"]?.stringValue {
            oldSigned = true
            let old = try openCheckpoint(oldNote, verifier: verifier)
            guard old.size == oldSize, old.rootHash == oldRoot else {
                throw CommandFailure.failed("the earlier signed checkpoint (size \(old.size), root \(old.rootHash.hex)) is not the one the proof starts from.")
            }
        }
        do throws(LedgerError) {
            try MerkleProof.verifyConsistency(oldSize: oldSize, newSize: newSize, oldRoot: oldRoot, newRoot: checkpoint.rootHash, proof: proof)
        } catch {
            throw CommandFailure.failed("the log of size \(newSize) does not extend the log of size \(oldSize) with root \(oldRoot.hex): \(error.message)")
        }
        var object = JSONObject()
        object["kind"] = "consistency"
        object["origin"] = .string(checkpoint.origin)
        object["from"] = .int(oldSize)
        object["to"] = .int(newSize)
        object["earlierRootSigned"] = .bool(oldSigned)
        let provenance = oldSigned ? "signed by \(verifier.name)" : "as stated in the file, not signed: compare it with a checkpoint you saved"
        object["summary"] = .string("the log '\(checkpoint.origin)' at size \(newSize) (signed by \(verifier.name)) extends its earlier state of size \(oldSize) with root \(oldRoot.hex) (\(provenance)); nothing before size \(oldSize) was rewritten.")
        return object
    }
}
