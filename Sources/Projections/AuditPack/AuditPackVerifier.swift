public import LedgerCore

/// What a verified audit pack proves.
public struct AuditPackReport: Hashable, Sendable {
    public let manifest: AuditPackManifest
    /// The checkpoint the entries are proven in.
    public let checkpoint: Checkpoint
    /// The key that signed the manifest and the checkpoints.
    public let verifierName: String
    /// The number of entries whose payload is present and matches its commitment.
    public let payloadsPresent: Int
    /// The number of entries whose payload was purged (header only).
    public let payloadsPurged: Int
    /// The size of the earlier checkpoint proven consistent with ``checkpoint``, if the pack has one.
    public let consistentFrom: Int?
}

/// Checks an audit pack offline against the ledger's verifier key (docs/audit-packs.md,
/// "Verification"): the manifest's signature, every file's SHA-256 and size, no file missing or
/// unlisted, every entry line, the multi-proof against the signed checkpoint, and the consistency
/// proof. Reports the first failure with the file, and for entries the line and seq.
///
/// ```swift
/// let files = try AuditPackArchive.read("pack.zip")
/// let report = try AuditPackVerifier.verify(files: files, verifier: logKey)
/// ```
public enum AuditPackVerifier {
    /// Verifies the files of a pack.
    ///
    /// - Parameters:
    ///   - files: the archive members, in any order (duplicates are a failure).
    ///   - verifier: the ledger's verifier key, obtained out of band.
    /// - Throws: ``AuditPackFailure`` `.integrity` naming the file, line and seq at fault.
    public static func verify(files: [AuditPackFile], verifier: NoteVerifier) throws(AuditPackFailure) -> AuditPackReport {
        var byPath: [String: [UInt8]] = [:]
        for file in files {
            guard byPath.updateValue(file.bytes, forKey: file.path) == nil else {
                throw AuditPackFailure(file: file.path, "the archive holds this path twice.")
            }
        }
        // 1. The manifest and its signature.
        guard let signature = byPath[AuditPackLayout.manifestSignature] else {
            throw AuditPackFailure(file: AuditPackLayout.manifestSignature, "missing: the pack is not signed.")
        }
        guard let manifestBytes = byPath[AuditPackLayout.manifest] else {
            throw AuditPackFailure(file: AuditPackLayout.manifest, "missing.")
        }
        let note: SignedNote
        do throws(LedgerError) {
            note = try SignedNote.open(signature, verifiers: [verifier])
        } catch {
            throw AuditPackFailure(file: AuditPackLayout.manifestSignature, "the signature does not verify with \(verifier.verifierKey): \(error.message)")
        }
        let manifestDigest = SHA256.hash(manifestBytes)
        guard note.text == AuditPackLayout.signedText(manifestDigest: manifestDigest) else {
            throw AuditPackFailure(
                file: AuditPackLayout.manifestSignature,
                "the signed text is not '\(AuditPackLayout.signatureTitle)' followed by the SHA-256 of manifest.json (\(manifestDigest.hex)): manifest.json was changed after signing.")
        }
        let manifest: AuditPackManifest
        do throws(LedgerError) {
            manifest = try AuditPackManifest(bytes: manifestBytes)
        } catch {
            throw AuditPackFailure(file: AuditPackLayout.manifest, error.message)
        }

        // 2. Every file listed, present, of the right size and hash; nothing unlisted.
        var listed: Set<String> = []
        for record in manifest.files {
            guard listed.insert(record.path).inserted else {
                throw AuditPackFailure(file: AuditPackLayout.manifest, "lists '\(record.path)' twice.")
            }
            guard record.path != AuditPackLayout.manifest, record.path != AuditPackLayout.manifestSignature else {
                throw AuditPackFailure(file: AuditPackLayout.manifest, "lists itself or its signature.")
            }
            try checkKnownPath(record.path)
            guard let bytes = byPath[record.path] else {
                throw AuditPackFailure(file: record.path, "missing: the manifest lists it but the archive does not hold it.")
            }
            guard bytes.count == record.bytes else {
                throw AuditPackFailure(file: record.path, "has \(bytes.count) bytes; the manifest says \(record.bytes).")
            }
            let digest = SHA256.hash(bytes)
            guard digest == record.sha256 else {
                throw AuditPackFailure(file: record.path, "its SHA-256 is \(digest.hex); the manifest says \(record.sha256.hex): the file was changed.")
            }
        }
        for file in files where !listed.contains(file.path) && file.path != AuditPackLayout.manifest && file.path != AuditPackLayout.manifestSignature {
            throw AuditPackFailure(file: file.path, "not listed in the manifest: it was added after signing.")
        }
        for required in [AuditPackLayout.entries, AuditPackLayout.checkpoint, AuditPackLayout.multiproof] where !listed.contains(required) {
            throw AuditPackFailure(file: required, "missing from the manifest and the archive; every pack has it.")
        }

        // 3. The checkpoint.
        let checkpoint = try openCheckpoint(byPath[AuditPackLayout.checkpoint]!, file: AuditPackLayout.checkpoint, verifier: verifier)
        guard checkpoint.origin == manifest.origin else {
            throw AuditPackFailure(file: AuditPackLayout.checkpoint, "is for the log '\(checkpoint.origin)', but the manifest names '\(manifest.origin)'.")
        }
        guard checkpoint.size == manifest.treeSize else {
            throw AuditPackFailure(file: AuditPackLayout.checkpoint, "has tree size \(checkpoint.size); the manifest says \(manifest.treeSize).")
        }

        // 4. The entries.
        let scope: AuditPackScope
        do throws(LedgerError) {
            scope = try AuditPackScope(model: manifest.model, from: manifest.from, to: manifest.to)
        } catch {
            throw AuditPackFailure(file: AuditPackLayout.manifest, error.message)
        }
        let entries = try checkEntries(byPath[AuditPackLayout.entries]!, scope: scope, treeSize: checkpoint.size)
        let seqs = entries.seqs
        guard seqs.count == manifest.entries, seqs.first == manifest.firstSeq, seqs.last == manifest.lastSeq else {
            throw AuditPackFailure(
                file: AuditPackLayout.entries,
                "holds \(seqs.count) entries (seq \(seqs.first.map(String.init) ?? "none") to \(seqs.last.map(String.init) ?? "none")); the manifest says \(manifest.entries) (seq \(manifest.firstSeq) to \(manifest.lastSeq)).")
        }

        // 5. The multi-proof.
        let proof = try proofHashes(byPath[AuditPackLayout.multiproof]!, file: AuditPackLayout.multiproof, format: AuditPackMultiproof.format, member: "hashes") { value throws(AuditPackFailure) in
            guard value["treeSize"]?.intValue == checkpoint.size, value["leafCount"]?.intValue == seqs.count else {
                throw AuditPackFailure(file: AuditPackLayout.multiproof, "its treeSize and leafCount must be the checkpoint's size (\(checkpoint.size)) and the number of entries (\(seqs.count)).")
            }
        }
        let root: SHA256Digest
        do throws(LedgerError) {
            root = try AuditPackMultiproof.root(seqs: seqs, leafHashes: entries.leafHashes, size: checkpoint.size, proof: proof)
        } catch {
            throw AuditPackFailure(file: AuditPackLayout.multiproof, error.message)
        }
        guard root == checkpoint.rootHash else {
            throw AuditPackFailure(
                file: AuditPackLayout.multiproof,
                "the entries and the proof give root \(root.hex), but checkpoint.txt signs \(checkpoint.rootHash.hex) for size \(checkpoint.size): an entry or a proof hash was changed.")
        }

        // 6. The first checkpoint and the consistency proof.
        let hasFirst = listed.contains(AuditPackLayout.firstCheckpoint)
        guard hasFirst == listed.contains(AuditPackLayout.consistency), hasFirst == (manifest.firstCheckpointSize != nil) else {
            throw AuditPackFailure(
                file: hasFirst ? AuditPackLayout.consistency : AuditPackLayout.firstCheckpoint,
                "checkpoints/first.txt, proofs/consistency.json and the manifest's firstCheckpointSize come together or not at all.")
        }
        if hasFirst {
            let first = try openCheckpoint(byPath[AuditPackLayout.firstCheckpoint]!, file: AuditPackLayout.firstCheckpoint, verifier: verifier)
            guard first.origin == manifest.origin, first.size == manifest.firstCheckpointSize, first.size > manifest.lastSeq, first.size <= checkpoint.size else {
                throw AuditPackFailure(file: AuditPackLayout.firstCheckpoint, "must be of the log '\(manifest.origin)', of the size the manifest states, cover seq \(manifest.lastSeq) and not exceed size \(checkpoint.size); it has origin '\(first.origin)' and size \(first.size).")
            }
            let hashes = try proofHashes(byPath[AuditPackLayout.consistency]!, file: AuditPackLayout.consistency, format: AuditPackLayout.consistencyFormat, member: "proof") { value throws(AuditPackFailure) in
                guard value["from"]?["size"]?.intValue == first.size, value["from"]?["rootHash"]?.stringValue == first.rootHash.hex,
                    value["to"]?["size"]?.intValue == checkpoint.size, value["to"]?["rootHash"]?.stringValue == checkpoint.rootHash.hex
                else {
                    throw AuditPackFailure(file: AuditPackLayout.consistency, "its from and to must be the sizes and roots of checkpoints/first.txt and checkpoint.txt.")
                }
            }
            do throws(LedgerError) {
                try MerkleProof.verifyConsistency(oldSize: first.size, newSize: checkpoint.size, oldRoot: first.rootHash, newRoot: checkpoint.rootHash, proof: hashes)
            } catch {
                throw AuditPackFailure(file: AuditPackLayout.consistency, "the log of size \(checkpoint.size) is not shown to extend the one of size \(first.size): \(error.message)")
            }
        }

        // 7. Policy copies.
        for path in listed where path.hasPrefix(AuditPackLayout.policyFolder) {
            let bytes = byPath[path]!
            guard path == AuditPackLayout.policyFolder + SHA256.hash(bytes).hex + ".json" else {
                throw AuditPackFailure(file: path, "a policy copy is named by the SHA-256 of its bytes; this one's is \(SHA256.hash(bytes).hex).")
            }
            guard entries.policyPayloads.contains(bytes) else {
                throw AuditPackFailure(file: path, "is not the payload of any policy.adopted entry in entries.jsonl.")
            }
        }

        return AuditPackReport(
            manifest: manifest, checkpoint: checkpoint, verifierName: verifier.name,
            payloadsPresent: entries.present, payloadsPurged: seqs.count - entries.present,
            consistentFrom: manifest.firstCheckpointSize)
    }

    /// What the entry check keeps for the proof checks.
    struct CheckedEntries {
        var seqs: [Int] = []
        var leafHashes: [SHA256Digest] = []
        var present = 0
        var policyPayloads: Set<[UInt8]> = []
    }

    /// Checks every line of `entries.jsonl`.
    static func checkEntries(_ bytes: [UInt8], scope: AuditPackScope, treeSize: Int) throws(AuditPackFailure) -> CheckedEntries {
        let file = AuditPackLayout.entries
        var result = CheckedEntries()
        guard !bytes.isEmpty else { throw AuditPackFailure(file: file, "is empty; a pack holds at least one entry.") }
        guard bytes.last == 0x0A else { throw AuditPackFailure(file: file, "does not end with a newline: it is truncated.") }
        let hasher = SHA256Hasher()
        var previous: (seq: Int, leaf: SHA256Digest, time: Timestamp)?
        var streamVersions: [String: Int] = [:]
        var lineNumber = 0
        var start = 0
        try bytes.withUnsafeBufferPointer { buffer throws(AuditPackFailure) in
            while start < buffer.count {
                lineNumber += 1
                var end = start
                while buffer[end] != 0x0A { end += 1 }
                let line = UnsafeBufferPointer(rebasing: buffer[start..<end])
                start = end + 1
                let entry: Entry
                do throws(LedgerError) {
                    entry = try Entry(exportLine: line)
                } catch {
                    throw AuditPackFailure(file: file, line: lineNumber, seq: error.seq, error.message)
                }
                let header = entry.header
                let seq = header.seq
                func fail(_ message: String) -> AuditPackFailure {
                    AuditPackFailure(file: file, line: lineNumber, seq: seq, message)
                }
                guard seq < treeSize else { throw fail("seq \(seq) is beyond the checkpoint's tree size \(treeSize).") }
                if let previous {
                    guard seq > previous.seq else { throw fail("seqs must strictly increase; seq \(seq) follows seq \(previous.seq).") }
                    if seq == previous.seq + 1 {
                        guard header.prevSHA256 == previous.leaf else {
                            throw fail("prevSHA256 is \(header.prevSHA256.hex) but the leaf hash of seq \(previous.seq) is \(previous.leaf.hex): the chain is broken.")
                        }
                        guard header.time >= previous.time else { throw fail("its time \(header.time) is before that of seq \(previous.seq).") }
                    }
                } else if seq == 0, header.prevSHA256 != .zero {
                    throw fail("seq 0 has a prevSHA256 other than 64 zeros.")
                }
                switch scope.membership(of: header.stream.rawValue) {
                case .shared:
                    guard header.time <= scope.to else { throw fail("the shared entry of \(header.stream) at \(header.time) is after the period's end \(scope.to).") }
                case .model:
                    guard scope.from <= header.time, header.time <= scope.to else {
                        throw fail("the entry of \(header.stream) at \(header.time) is outside the period \(scope.from) to \(scope.to).")
                    }
                case nil:
                    throw fail("the stream \(header.stream) is neither a stream of the model '\(scope.model)' nor a shared policy, board or role stream.")
                }
                let stream = header.stream.rawValue
                if let last = streamVersions[stream] {
                    guard header.streamVersion == last + 1 else {
                        throw fail("streamVersion of \(stream) goes from \(last) to \(header.streamVersion): an entry of the stream is missing or repeated.")
                    }
                } else if scope.membership(of: stream) == .shared, header.streamVersion != 1 {
                    throw fail("the first entry of the shared stream \(stream) has streamVersion \(header.streamVersion), not 1: earlier entries are missing.")
                }
                streamVersions[stream] = header.streamVersion
                if let payload = entry.payload {
                    guard payload.digest(using: hasher) == header.payloadSHA256 else {
                        throw fail("SHA-256(salt || payload) does not match the header's payloadSHA256: the payload was altered.")
                    }
                    result.present += 1
                    if header.type.rawValue == "policy.adopted" { result.policyPayloads.insert(payload.canonicalBytes) }
                }
                result.seqs.append(seq)
                result.leafHashes.append(entry.leafHash)
                previous = (seq, entry.leafHash, header.time)
            }
        }
        return result
    }

    private static func checkKnownPath(_ path: String) throws(AuditPackFailure) {
        let fixed = [AuditPackLayout.entries, AuditPackLayout.checkpoint, AuditPackLayout.multiproof, AuditPackLayout.firstCheckpoint, AuditPackLayout.consistency]
        if fixed.contains(path) { return }
        if path.hasPrefix(AuditPackLayout.policyFolder), path.hasSuffix(".json"), path.utf8.count == AuditPackLayout.policyFolder.utf8.count + 64 + 5 { return }
        if path.hasPrefix(AuditPackLayout.reportsFolder) {
            do throws(LedgerError) {
                try AuditPackLayout.checkRelativePath(String(path.dropFirst(AuditPackLayout.reportsFolder.count)))
                return
            } catch {
                throw AuditPackFailure(file: path, error.message)
            }
        }
        throw AuditPackFailure(file: path, "is not a file an audit pack may hold (entries.jsonl, checkpoint.txt, proofs/, checkpoints/first.txt, policy/<sha256>.json, reports/…).")
    }

    private static func openCheckpoint(_ bytes: [UInt8], file: String, verifier: NoteVerifier) throws(AuditPackFailure) -> Checkpoint {
        do throws(LedgerError) {
            let note = try SignedNote.open(bytes, verifiers: [verifier])
            return try Checkpoint(text: note.text)
        } catch {
            throw AuditPackFailure(file: file, "the signed checkpoint does not verify with \(verifier.verifierKey): \(error.message)")
        }
    }

    /// Parses a canonical proof file and returns its hex hash list.
    private static func proofHashes(
        _ bytes: [UInt8], file: String, format: String, member: String,
        check: (JSONValue) throws(AuditPackFailure) -> Void
    ) throws(AuditPackFailure) -> [SHA256Digest] {
        let value: JSONValue
        do throws(LedgerError) {
            value = try JSONValue.parse(bytes, limits: JSONLimits(maxDepth: 4, maxBytes: 1 << 30))
        } catch {
            throw AuditPackFailure(file: file, "is not JSON: \(error.message)")
        }
        guard value.canonicalBytes() == bytes, value["format"]?.stringValue == format, let list = value[member]?.arrayValue else {
            throw AuditPackFailure(file: file, "is not a canonical \(format) object with a \"\(member)\" array.")
        }
        try check(value)
        var hashes: [SHA256Digest] = []
        hashes.reserveCapacity(list.count)
        for item in list {
            guard let text = item.stringValue, text.utf8.count == 64, let digest = SHA256Digest(hex: text), digest.hex == text else {
                throw AuditPackFailure(file: file, "hash number \(hashes.count + 1) is not 64 lowercase hex digits.")
            }
            hashes.append(digest)
        }
        return hashes
    }
}
