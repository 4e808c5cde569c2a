/// A C2SP transparency-log proof (https://c2sp.org/tlog-proof, `c2sp.org/tlog-proof@v1`): an
/// offline-verifiable proof that an entry is in a log, made of an inclusion proof and the signed
/// checkpoint it leads to.
///
/// Format, byte by byte, lines separated by newlines (U+000A):
/// 1. `c2sp.org/tlog-proof@v1`;
/// 2. optionally `extra ` followed by the standard padded base64 of opaque extra data (not
///    authenticated: never trust it without checking it against the entry);
/// 3. `index ` followed by the leaf index in ASCII decimal, without leading zeros;
/// 4. zero or more lines, each the base64 of one 32-byte hash of the RFC 6962 inclusion proof,
///    from the leaf's sibling up;
/// 5. an empty line;
/// 6. the signed checkpoint note, verbatim (see ``SignedNote`` and ``Checkpoint``).
///
/// ```text
/// c2sp.org/tlog-proof@v1
/// index 3
/// gSKyXoYZUgZ6jduWYrkDOARinOMGJveXjgMkBTcdPlQ=
/// B95lDa8R83lS8n0eG+o0buTxRKQTYFi//1U8anccXmA=
///
/// ledger.example/audit
/// 5
/// sFodV/vSp5O8n9a8QpW6PRY97tfOSW5bsc2Xl/EQi08=
///
/// — ledger.example/audit hI2DJw…
/// ```
///
/// ``init(bytes:)`` accepts exactly what ``bytes`` produces.
///
/// ```swift
/// let proof = try TlogProof(index: 3, hashes: path, checkpointNote: signedCheckpoint)
/// let file = proof.bytes                         // store as <name>.tlog-proof
/// let checkpoint = try TlogProof(bytes: file).verify(leafHash: leaf, origin: "ledger.example/audit", verifiers: [logKey])
/// ```
public struct TlogProof: Hashable, Sendable {
    /// The first line of every proof of this version.
    public static let header = "c2sp.org/tlog-proof@v1"
    /// The most proof hashes accepted: an inclusion proof in a tree of at most `Int.max` leaves
    /// has fewer than 64.
    public static let maxHashes = 63

    /// The leaf index of the entry.
    public let index: Int
    /// Opaque, unauthenticated extra data; `nil` when the proof has no `extra` line.
    public let extraData: [UInt8]?
    /// The inclusion proof, from the leaf's sibling up.
    public let hashes: [SHA256Digest]
    /// The signed checkpoint note, verbatim.
    public let checkpointNote: [UInt8]

    /// Creates a proof.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for a negative index, too many hashes, or a
    ///   checkpoint note that is empty, does not end with a newline or starts with a blank line.
    public init(index: Int, extraData: [UInt8]? = nil, hashes: [SHA256Digest], checkpointNote: [UInt8]) throws(LedgerError) {
        guard index >= 0 else {
            throw LedgerError(.invalidField, "A tlog-proof index cannot be negative (\(index)).")
        }
        guard hashes.count <= Self.maxHashes else {
            throw LedgerError(.limitExceeded, "A tlog-proof carries at most \(Self.maxHashes) hashes; this one has \(hashes.count).")
        }
        guard checkpointNote.last == 0x0A, checkpointNote.first != 0x0A else {
            throw LedgerError(
                .invalidField,
                "The checkpoint of a tlog-proof must be a signed note: non-empty, starting with the origin line and ending with a newline.")
        }
        self.index = index
        self.extraData = extraData
        self.hashes = hashes
        self.checkpointNote = checkpointNote
    }

    /// Parses a proof strictly.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` naming what is wrong: another first line, a bad
    ///   `extra` or `index` line, a hash line that is not base64 of 32 bytes, no empty line before
    ///   the checkpoint, or a missing checkpoint.
    public init(bytes: some Collection<UInt8>) throws(LedgerError) {
        let input = Array(bytes)
        var cursor = 0
        var lineNumber = 0
        func fail(_ message: String) -> LedgerError {
            LedgerError(.malformedInput, "Line \(lineNumber) of the tlog-proof: \(message)")
        }
        func nextLine() throws(LedgerError) -> String {
            lineNumber += 1
            guard let end = input[cursor...].firstIndex(of: 0x0A) else {
                throw fail("the proof ends without the empty line and signed checkpoint; it is truncated.")
            }
            let line = input[cursor..<end]
            cursor = end + 1
            guard line.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw fail("the proof lines before the checkpoint are printable ASCII; this one is not.")
            }
            return String(decoding: line, as: UTF8.self)
        }

        guard try nextLine() == Self.header else {
            throw fail("a tlog-proof starts with '\(Self.header)'. This is another format or version.")
        }
        var line = try nextLine()
        var extraData: [UInt8]?
        if line.hasPrefix("extra ") {
            guard let decoded = Base64.decode(line.dropFirst("extra ".count)) else {
                throw fail("the extra data is not standard padded base64.")
            }
            extraData = decoded
            line = try nextLine()
        }
        guard line.hasPrefix("index ") else {
            throw fail("expected 'index <leaf index>'\(extraData == nil ? " or 'extra <base64>'" : ""), found \(line.debugDescription).")
        }
        guard let index = CanonicalDecimal.parse(line.dropFirst("index ".count)) else {
            throw fail("the index is not a canonical decimal (digits only, no sign or leading zeros).")
        }
        var hashes: [SHA256Digest] = []
        while true {
            line = try nextLine()
            if line.isEmpty { break }
            guard let decoded = Base64.decode(line), decoded.count == SHA256Digest.byteCount else {
                throw fail("a proof hash is the standard padded base64 of 32 bytes; found \(line.debugDescription).")
            }
            guard hashes.count < Self.maxHashes else {
                throw LedgerError(.limitExceeded, "A tlog-proof carries at most \(Self.maxHashes) hashes.")
            }
            hashes.append(try SHA256Digest(bytes: decoded))
        }
        let note = Array(input[cursor...])
        guard !note.isEmpty else {
            throw LedgerError(.malformedInput, "The tlog-proof has no signed checkpoint after its empty line; it is truncated.")
        }
        guard note.last == 0x0A, note.first != 0x0A else {
            throw LedgerError(
                .malformedInput,
                "The checkpoint of the tlog-proof is not a signed note: it must start with the origin line right after one empty line and end with a newline.")
        }
        try self.init(index: index, extraData: extraData, hashes: hashes, checkpointNote: note)
    }

    /// The proof file contents.
    public var bytes: [UInt8] {
        var out = Array("\(Self.header)\n".utf8)
        if let extraData { out += Array("extra \(Base64.encode(extraData))\n".utf8) }
        out += Array("index \(index)\n".utf8)
        for hash in hashes {
            Base64.append(hash.bytes, to: &out)
            out.append(0x0A)
        }
        out.append(0x0A)
        out += checkpointNote
        return out
    }

    /// Verifies the proof for an entry: opens the checkpoint with the trusted keys, checks its
    /// origin, and verifies the inclusion of `leafHash` at ``index`` under its root.
    ///
    /// - Parameters:
    ///   - leafHash: `SHA-256(0x00 || H)` of the entry, computed by the caller from the entry itself.
    ///   - origin: the origin of the log the caller expects.
    ///   - verifiers: the trusted log keys.
    /// - Returns: the verified checkpoint.
    /// - Throws: ``LedgerError`` from ``SignedNote/open(_:verifiers:)``, ``Checkpoint/init(text:)``,
    ///   ``MerkleProof/verifyInclusion(leafHash:index:size:proof:root:)``, or `.integrityFailure`
    ///   when the checkpoint is for another log.
    @discardableResult
    public func verify(leafHash: SHA256Digest, origin: String, verifiers: [NoteVerifier]) throws(LedgerError) -> Checkpoint {
        let note = try SignedNote.open(checkpointNote, verifiers: verifiers)
        let checkpoint = try Checkpoint(text: note.text)
        guard checkpoint.origin == origin else {
            throw LedgerError(
                .integrityFailure,
                "The proof's checkpoint is from the log '\(checkpoint.origin)', not the expected '\(origin)'. Use a proof from the right log.")
        }
        try MerkleProof.verifyInclusion(leafHash: leafHash, index: index, size: checkpoint.size, proof: hashes, root: checkpoint.rootHash)
        return checkpoint
    }
}
