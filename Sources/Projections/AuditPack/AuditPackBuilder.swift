public import LedgerCore

/// Assembles the files of an audit pack (docs/audit-packs.md) from entries already selected by an
/// ``AuditPackScope``, the signed checkpoints and the store's Merkle hashes.
///
/// The builder does no I/O: the caller reads the entries and checkpoints, passes a
/// ``MerkleHashReader`` over the stored subtree hashes, and writes the files with
/// ``AuditPackArchive``.
///
/// ```swift
/// let files = try AuditPackBuilder.build(
///     scope: scope, entries: selected, checkpointNote: latest.note, firstCheckpointNote: first?.note,
///     documents: [], createdAt: now, signer: signer, reader: reader)
/// try AuditPackArchive.write(files, to: "pack.zip")
/// ```
public enum AuditPackBuilder {
    /// The files of the pack, manifest and signature last.
    ///
    /// - Parameters:
    ///   - scope: the model and period.
    ///   - entries: the included entries, in seq order; every one must be in `scope` and below the
    ///     checkpoint's size.
    ///   - checkpointNote: the signed checkpoint the pack is proven against, signed by `signer`.
    ///   - firstCheckpointNote: the earliest signed checkpoint whose size exceeds the last entry's
    ///     seq, or `nil` to leave the consistency proof out.
    ///   - documents: rendered documents, stored under `reports/` at their relative paths.
    ///   - createdAt: the time written into the manifest.
    ///   - signer: the ledger key; it signs `manifest.sig`.
    ///   - reader: the stored subtree hashes of a log of at least the checkpoint's size.
    /// - Throws: ``LedgerError``: `.invalidField` for a bad document path or a checkpoint that the
    ///   signer did not sign; `.malformedInput` for entries out of order or out of scope;
    ///   `.integrityFailure` when the recomputed root differs from the checkpoint's (damaged store);
    ///   whatever `reader` throws.
    public static func build(
        scope: AuditPackScope, entries: [Entry], checkpointNote: [UInt8], firstCheckpointNote: [UInt8]?,
        documents: [(path: String, bytes: [UInt8])], createdAt: Timestamp, signer: NoteSigner,
        reader: some MerkleHashReader
    ) throws -> [AuditPackFile] {
        guard let firstEntry = entries.first, let lastEntry = entries.last else {
            throw LedgerError(.malformedInput, "An audit pack needs at least one entry.")
        }
        let checkpoint = try openCheckpoint(checkpointNote, signer: signer, what: "checkpoint")
        var files: [AuditPackFile] = []

        // entries.jsonl, checked for order and scope on the way.
        var lines: [UInt8] = []
        lines.reserveCapacity(entries.reduce(0) { $0 + $1.headerBytes.count + ($1.payload?.canonicalBytes.count ?? 0) + 64 })
        var previous = -1
        for entry in entries {
            let header = entry.header
            guard header.seq > previous, header.seq < checkpoint.size else {
                throw LedgerError(.malformedInput, "The entries of a pack are in increasing seq order below the checkpoint's size \(checkpoint.size).", seq: header.seq)
            }
            guard scope.includes(stream: header.stream.rawValue, time: header.time) else {
                throw LedgerError(.malformedInput, "The entry of \(header.stream) at \(header.time) is outside the pack's scope.", seq: header.seq)
            }
            previous = header.seq
            entry.appendExportLine(to: &lines)
            lines.append(0x0A)
        }
        files.append(AuditPackFile(path: AuditPackLayout.entries, bytes: lines))
        files.append(AuditPackFile(path: AuditPackLayout.checkpoint, bytes: checkpointNote))

        // proofs/multiproof.json
        let seqs = entries.map(\.header.seq)
        let proof = try AuditPackMultiproof.build(seqs: seqs, size: checkpoint.size, reader: reader)
        let root = try AuditPackMultiproof.root(seqs: seqs, leafHashes: entries.map(\.leafHash), size: checkpoint.size, proof: proof)
        guard root == checkpoint.rootHash else {
            throw LedgerError(.integrityFailure, "The stored tree gives root \(root.hex) for size \(checkpoint.size), but the checkpoint signs \(checkpoint.rootHash.hex). Run 'govledger verify'.")
        }
        var multiproof = JSONObject()
        multiproof["format"] = .string(AuditPackMultiproof.format)
        multiproof["treeSize"] = .number(Double(checkpoint.size))
        multiproof["leafCount"] = .number(Double(seqs.count))
        multiproof["hashes"] = .array(proof.map { .string($0.hex) })
        files.append(AuditPackFile(path: AuditPackLayout.multiproof, bytes: JSONValue.object(multiproof).canonicalBytes()))

        // checkpoints/first.txt and proofs/consistency.json
        var firstSize: Int?
        if let firstCheckpointNote {
            let first = try openCheckpoint(firstCheckpointNote, signer: signer, what: "first checkpoint")
            guard first.origin == checkpoint.origin, first.size > lastEntry.header.seq, first.size <= checkpoint.size else {
                throw LedgerError(.invalidField, "The first checkpoint (size \(first.size)) must be of the same log and cover seq \(lastEntry.header.seq) without exceeding size \(checkpoint.size).")
            }
            let hashes = try MerkleTree.consistencyProof(from: first.size, to: checkpoint.size, reader: reader)
            var consistency = JSONObject()
            consistency["format"] = .string(AuditPackLayout.consistencyFormat)
            consistency["from"] = ["size": .number(Double(first.size)), "rootHash": .string(first.rootHash.hex)]
            consistency["to"] = ["size": .number(Double(checkpoint.size)), "rootHash": .string(checkpoint.rootHash.hex)]
            consistency["proof"] = .array(hashes.map { .string($0.hex) })
            files.append(AuditPackFile(path: AuditPackLayout.firstCheckpoint, bytes: firstCheckpointNote))
            files.append(AuditPackFile(path: AuditPackLayout.consistency, bytes: JSONValue.object(consistency).canonicalBytes()))
            firstSize = first.size
        }

        // policy/<sha256>.json
        var seen: Set<SHA256Digest> = []
        for payload in policiesInForce(entries, scope: scope) {
            let digest = SHA256.hash(payload)
            if seen.insert(digest).inserted {
                files.append(AuditPackFile(path: AuditPackLayout.policyFolder + digest.hex + ".json", bytes: payload))
            }
        }

        // reports/…
        var paths: Set<String> = []
        for document in documents {
            try AuditPackLayout.checkRelativePath(document.path)
            let path = AuditPackLayout.reportsFolder + document.path
            guard paths.insert(path).inserted else {
                throw LedgerError(.invalidField, "Two documents have the path '\(document.path)'; give each its own name.")
            }
            files.append(AuditPackFile(path: path, bytes: document.bytes))
        }

        let manifest = AuditPackManifest(
            origin: checkpoint.origin, model: scope.model, from: scope.from, to: scope.to, createdAt: createdAt,
            treeSize: checkpoint.size, entries: entries.count, firstSeq: firstEntry.header.seq, lastSeq: lastEntry.header.seq,
            firstCheckpointSize: firstSize, files: files.map(AuditPackManifest.FileRecord.init))
        let manifestBytes = manifest.canonicalBytes
        let signature = try SignedNote.sign(
            text: AuditPackLayout.signedText(manifestDigest: SHA256.hash(manifestBytes)), signers: [signer])
        files.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        files.append(AuditPackFile(path: AuditPackLayout.manifest, bytes: manifestBytes))
        files.append(AuditPackFile(path: AuditPackLayout.manifestSignature, bytes: signature))
        return files
    }

    /// The canonical payloads of the `policy.adopted` entries in force during the period: per policy
    /// stream, the last one adopted at or before `from`, and every one adopted after it up to `to`.
    /// Purged payloads are skipped.
    public static func policiesInForce(_ entries: [Entry], scope: AuditPackScope) -> [[UInt8]] {
        var before: [String: [UInt8]] = [:]
        var during: [[UInt8]] = []
        var order: [String] = []
        for entry in entries where entry.header.type.rawValue == "policy.adopted" && entry.header.stream.rawValue.hasPrefix("policy/") {
            guard let payload = entry.payload else { continue }
            let stream = entry.header.stream.rawValue
            if entry.header.time <= scope.from {
                if before[stream] == nil { order.append(stream) }
                before[stream] = payload.canonicalBytes
            } else if entry.header.time <= scope.to {
                during.append(payload.canonicalBytes)
            }
        }
        return order.compactMap { before[$0] } + during
    }

    private static func openCheckpoint(_ note: [UInt8], signer: NoteSigner, what: String) throws(LedgerError) -> Checkpoint {
        let opened: SignedNote
        do throws(LedgerError) {
            opened = try SignedNote.open(note, verifiers: [signer.verifier])
        } catch {
            throw LedgerError(.invalidField, "The \(what) is not signed by \(signer.verifier.verifierKey), the key that signs the pack: \(error.message)")
        }
        return try Checkpoint(text: opened.text)
    }
}
