/// A two-level, offline-verifiable proof that one prediction record is in the log: the record's
/// inclusion in its batch's Merkle root, and the batch entry's inclusion in a signed checkpoint.
///
/// File format `govledger.lineage-proof/v1`: one line of canonical JSON (RFC 8785), then LF:
///
/// ```text
/// {"batchEntry":{…export line…},"batchPath":["<hex>",…],"erasure":null|{"entry":{…},"tlogProof":"…"},
///  "format":"govledger.lineage-proof/v1","position":17,"record":{…}|null,"recordLeafHash":"<hex>",
///  "tlogProof":"c2sp.org/tlog-proof@v1\nindex 42\n…"}
/// ```
///
/// - `record`: the prediction record (its canonical bytes are the leaf's data), or `null` once
///   erased; `recordLeafHash`: `SHA-256(0x00 || JCS(record))`, which stays after an erasure.
/// - `position`, `batchPath`: the record's index in its batch and the RFC 9162 inclusion path to
///   the batch root, from the leaf's sibling up.
/// - `batchEntry`: the batch entry's export line (format.md); its payload holds `root` and `count`.
/// - `tlogProof`: a C2SP tlog-proof of the batch entry (index = its seq) with the signed checkpoint.
/// - `erasure`: for an erased record, the `erasure.performed` entry naming it, with its own
///   tlog-proof under the same checkpoint; otherwise `null`.
///
/// ```swift
/// let proof = try LineageProof(json: JSONValue.parse(fileBytes))
/// let checked = try proof.verify(verifiers: [logKey])
/// ```
public struct LineageProof: Hashable, Sendable {
    /// The value of `format`.
    public static let format = "govledger.lineage-proof/v1"

    /// `JCS(record)`, or `nil` once the record was erased.
    public var record: [UInt8]?
    public var recordLeafHash: SHA256Digest
    public var position: Int
    public var batchPath: [SHA256Digest]
    public var batchEntry: Entry
    public var tlogProof: TlogProof
    /// The erasure entry and its tlog-proof, for an erased record.
    public var erasure: Erasure?

    /// The entry that erased the record, proven in the same log.
    public struct Erasure: Hashable, Sendable {
        public var entry: Entry
        public var tlogProof: TlogProof

        public init(entry: Entry, tlogProof: TlogProof) {
            self.entry = entry
            self.tlogProof = tlogProof
        }
    }

    public init(
        record: [UInt8]?, recordLeafHash: SHA256Digest, position: Int, batchPath: [SHA256Digest], batchEntry: Entry,
        tlogProof: TlogProof, erasure: Erasure? = nil
    ) {
        self.record = record
        self.recordLeafHash = recordLeafHash
        self.position = position
        self.batchPath = batchPath
        self.batchEntry = batchEntry
        self.tlogProof = tlogProof
        self.erasure = erasure
    }

    /// The proof file's JSON value.
    public var json: JSONValue {
        get throws(LedgerError) {
            var object = JSONObject()
            object["format"] = .string(Self.format)
            object["record"] = try record.map { bytes throws(LedgerError) in try JSONValue.parse(bytes) } ?? .null
            object["recordLeafHash"] = .string(recordLeafHash.hex)
            object["position"] = .number(Double(position))
            object["batchPath"] = .array(batchPath.map { .string($0.hex) })
            object["batchEntry"] = try JSONValue.parse(batchEntry.exportLine(), limits: Self.entryLimits)
            object["tlogProof"] = .string(String(decoding: tlogProof.bytes, as: UTF8.self))
            if let erasure {
                object["erasure"] = [
                    "entry": try JSONValue.parse(erasure.entry.exportLine(), limits: Self.entryLimits),
                    "tlogProof": .string(String(decoding: erasure.tlogProof.bytes, as: UTF8.self)),
                ]
            } else {
                object["erasure"] = .null
            }
            return .object(object)
        }
    }

    /// The members of a proof file, in canonical order.
    public static let members = ["batchEntry", "batchPath", "erasure", "format", "position", "record", "recordLeafHash", "tlogProof"]

    static let entryLimits = JSONLimits(maxDepth: 66, maxBytes: SealedPayload.maxBytes + 8192)

    /// Reads a proof file's JSON value.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` naming the member that is missing or malformed.
    public init(json value: JSONValue) throws(LedgerError) {
        func bad(_ message: String) -> LedgerError { LedgerError(.malformedInput, "A lineage proof file \(message).") }
        guard value["format"]?.stringValue == Self.format else { throw bad("has \"format\": \"\(Self.format)\"") }
        guard let keys = value.objectValue?.keys, keys == Self.members else {
            throw bad("has exactly the members \(Self.members.joined(separator: ", "))")
        }
        guard let leafText = value["recordLeafHash"]?.stringValue, let leaf = SHA256Digest(hex: leafText) else {
            throw bad("has \"recordLeafHash\", 64 lowercase hex digits")
        }
        guard let position = value["position"]?.intValue, position >= 0 else { throw bad("has \"position\", a whole number") }
        guard let pathValues = value["batchPath"]?.arrayValue, pathValues.count <= TlogProof.maxHashes else {
            throw bad("has \"batchPath\", an array of hex hashes")
        }
        var path: [SHA256Digest] = []
        for item in pathValues {
            guard let text = item.stringValue, let digest = SHA256Digest(hex: text) else { throw bad("has hashes of 64 lowercase hex digits in \"batchPath\"") }
            path.append(digest)
        }
        guard let entryValue = value["batchEntry"], let tlogText = value["tlogProof"]?.stringValue else {
            throw bad("has \"batchEntry\" and \"tlogProof\"")
        }
        var record: [UInt8]?
        switch value["record"] {
        case .object?: record = value["record"]!.canonicalBytes()
        case .null?: record = nil
        default: throw bad("has \"record\", an object or null")
        }
        var erasure: Erasure?
        switch value["erasure"] {
        case .null?: erasure = nil
        case .object?:
            guard value["erasure"]?.objectValue?.keys == ["entry", "tlogProof"], let entry = value["erasure"]?["entry"],
                let text = value["erasure"]?["tlogProof"]?.stringValue
            else {
                throw bad("has \"erasure\" with \"entry\" and \"tlogProof\"")
            }
            erasure = Erasure(entry: try Entry(exportLine: entry.canonicalBytes()), tlogProof: try TlogProof(bytes: Array(text.utf8)))
        default: throw bad("has \"erasure\", an object or null")
        }
        guard record != nil || erasure != nil else {
            throw bad("has either the \"record\" or, for an erased record, the \"erasure\" that removed it")
        }
        self.init(
            record: record, recordLeafHash: leaf, position: position, batchPath: path,
            batchEntry: try Entry(exportLine: entryValue.canonicalBytes()), tlogProof: try TlogProof(bytes: Array(tlogText.utf8)),
            erasure: erasure)
    }

    /// What a verified proof establishes.
    public struct Verified: Hashable, Sendable {
        /// The record, when present (not erased).
        public let record: PredictionRecord?
        public let batchSeq: Int
        public let position: Int
        public let batchCount: Int
        /// The signed checkpoint both levels lead to.
        public let checkpoint: Checkpoint
        /// The seq of the erasure entry, for an erased record.
        public let erasedBy: Int?
    }

    /// Verifies both levels, and the erasure when the record is absent.
    ///
    /// 1. The batch entry is a `prediction.batch.recorded` entry whose payload matches its
    ///    header's `payloadSHA256`; its `root` and `count` are the batch commitment.
    /// 2. The record (when present) parses as a record, is canonical, belongs to the batch (model,
    ///    versions, time range) and hashes to `recordLeafHash`.
    /// 3. `recordLeafHash` at `position` leads through `batchPath` to the batch `root` (RFC 9162).
    /// 4. The tlog-proof's index is the batch entry's seq, its checkpoint is signed by a trusted key
    ///    (and names `origin`, when given), and the entry's leaf hash leads to its root.
    /// 5. For an erased record: the erasure entry matches its commitment, names this record, comes
    ///    after the batch, and is proven under the same checkpoint.
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` naming the level that failed, with evidence;
    ///   `.malformedInput` for a malformed checkpoint note or record.
    public func verify(origin: String? = nil, verifiers: [NoteVerifier]) throws(LedgerError) -> Verified {
        func fail(_ message: String) -> LedgerError { LedgerError(.integrityFailure, message) }
        let header = batchEntry.header
        guard header.type == LineageBatch.eventType else {
            throw fail("the batch entry (seq \(header.seq)) is a \(header.type) entry, not \(LineageBatch.eventType).")
        }
        guard let payload = batchEntry.payload else {
            throw fail("the batch entry's payload, which holds the batch root, is not in the file (purged?); the record cannot be tied to the entry.")
        }
        guard payload.digest() == header.payloadSHA256 else {
            throw fail("the batch entry's payload does not match its header's payloadSHA256: the batch root or count was altered.")
        }
        let commitment = try LineageBatchCommitment(payload: try payload.object())
        var parsed: PredictionRecord?
        if let record {
            let value = try JSONValue.parse(record)
            switch PredictionRecord.parse(value) {
            case .success(let item): parsed = item
            case .failure(let rejection):
                throw LedgerError(.malformedInput, "The proof's record is not a valid prediction record: \(rejection.problems.map(\.description).joined(separator: "; ")).")
            }
            guard parsed!.canonicalBytes() == record else {
                throw fail("the proof's record is not in canonical form.")
            }
            guard MerkleTree.leafHash(record) == recordLeafHash else {
                throw fail("the record does not hash to recordLeafHash: the record was altered.")
            }
            guard commitment.admits(parsed!) else {
                throw fail("the record (model \(parsed!.model), version \(parsed!.version), time \(parsed!.time)) does not belong to the batch of \(commitment.model) versions \(commitment.versions) from \(commitment.from) to \(commitment.to).")
            }
        }
        do {
            try MerkleProof.verifyInclusion(leafHash: recordLeafHash, index: position, size: commitment.count, proof: batchPath, root: commitment.root)
        } catch {
            throw LedgerError(.integrityFailure, "the record is not proven in its batch root: \(error.message)", evidence: error.evidence)
        }
        let checkpoint = try verifyEntry(batchEntry, proof: tlogProof, origin: origin, verifiers: verifiers, what: "batch entry")
        var erasedBy: Int?
        if let erasure {
            let entry = erasure.entry
            guard entry.header.type == LineageErasure.eventType, let erasurePayload = entry.payload,
                erasurePayload.digest() == entry.header.payloadSHA256
            else {
                throw fail("the erasure entry is not an erasure.performed entry whose payload matches its header.")
            }
            let named = try LineageErasure.locations(in: try erasurePayload.object(), erasureSeq: entry.header.seq) ?? []
            guard named.contains(LineageRecordLocation(batchSeq: header.seq, position: position)) else {
                throw fail("the erasure entry (seq \(entry.header.seq)) does not name this record (batch seq \(header.seq), position \(position)).")
            }
            let erasureCheckpoint = try verifyEntry(entry, proof: erasure.tlogProof, origin: origin, verifiers: verifiers, what: "erasure entry")
            guard erasureCheckpoint == checkpoint else {
                throw fail("the erasure entry is proven under another checkpoint than the batch entry.")
            }
            erasedBy = entry.header.seq
        }
        return Verified(record: parsed, batchSeq: header.seq, position: position, batchCount: commitment.count, checkpoint: checkpoint, erasedBy: erasedBy)
    }

    private func verifyEntry(_ entry: Entry, proof: TlogProof, origin: String?, verifiers: [NoteVerifier], what: String) throws(LedgerError) -> Checkpoint {
        guard proof.index == entry.header.seq else {
            throw LedgerError(.integrityFailure, "the \(what)'s tlog-proof is for index \(proof.index) but the entry has seq \(entry.header.seq).")
        }
        let note = try SignedNote.open(proof.checkpointNote, verifiers: verifiers)
        let checkpoint = try Checkpoint(text: note.text)
        do {
            return try proof.verify(leafHash: entry.leafHash, origin: origin ?? checkpoint.origin, verifiers: verifiers)
        } catch {
            throw LedgerError(.integrityFailure, "the \(what) (seq \(entry.header.seq)) is not proven in the signed checkpoint: \(error.message)", evidence: error.evidence)
        }
    }
}
