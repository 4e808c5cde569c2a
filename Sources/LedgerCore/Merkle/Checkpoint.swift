/// A C2SP transparency-log checkpoint (https://c2sp.org/tlog-checkpoint): the note text that a log
/// signs to commit to its tree head.
///
/// Format, byte by byte: lines separated by newlines (U+000A), every line non-empty and ending in
/// a newline, at least three lines:
/// 1. the origin, a unique identifier of the log, such as `example.com/log42`;
/// 2. the tree size in ASCII decimal, without sign or leading zeros (`0` for the empty tree);
/// 3. the root hash in standard padded base64 (RFC 4648 §4), exactly 32 bytes;
/// 4. optional extension lines, opaque and non-empty.
///
/// ```text
/// example.com/behind-the-sofa
/// 20852163
/// CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=
/// ```
///
/// ``init(text:)`` accepts exactly what ``text`` produces, so a checkpoint round-trips byte for
/// byte. It is signed and opened as a ``SignedNote``:
///
/// ```swift
/// let checkpoint = try Checkpoint(origin: "ledger.example/audit", size: tree.size, rootHash: tree.root)
/// let note = try SignedNote.sign(text: checkpoint.text, signers: [signer])
/// let trusted = try Checkpoint(text: SignedNote.open(note, verifiers: [verifier]).text)
/// ```
public struct Checkpoint: Hashable, Sendable {
    /// The log's origin line.
    public let origin: String
    /// The number of leaves in the tree.
    public let size: Int
    /// The RFC 6962 Merkle tree root at ``size``.
    public let rootHash: SHA256Digest
    /// The extension lines, without their newlines; usually none.
    public let extensions: [String]

    /// Creates a checkpoint, checking that it can be written and read back unchanged.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` for an empty origin or extension line, a newline
    ///   or control character in one, or a negative size.
    public init(origin: String, size: Int, rootHash: SHA256Digest, extensions: [String] = []) throws(LedgerError) {
        try Self.checkLine(origin, what: "checkpoint origin")
        for line in extensions { try Self.checkLine(line, what: "checkpoint extension line") }
        guard size >= 0 else {
            throw LedgerError(.invalidField, "A checkpoint tree size cannot be negative (\(size)).")
        }
        self.origin = origin
        self.size = size
        self.rootHash = rootHash
        self.extensions = extensions
    }

    /// Parses checkpoint note text strictly.
    ///
    /// - Parameter text: the note text, including its final newline (``SignedNote/text``).
    /// - Throws: ``LedgerError`` `.malformedInput` naming the line at fault: a missing final
    ///   newline, fewer than three lines, an empty line, a tree size that is not canonical decimal
    ///   (`007`, `+7`, `-1`, ` 7`), a root hash that is not canonical base64 of 32 bytes, or control
    ///   characters.
    public init(text: String) throws(LedgerError) {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else {
            throw LedgerError(.malformedInput, "The checkpoint is empty. A checkpoint has an origin line, a tree size line and a root hash line.")
        }
        guard bytes.last == 0x0A else {
            throw LedgerError(.malformedInput, "The checkpoint does not end with a newline; it is truncated. Every checkpoint line ends with '\\n'.")
        }
        try SignedNote.checkCharacters(bytes, what: "checkpoint")
        let lines = text.utf8.dropLast().split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        guard lines.count >= 3 else {
            throw LedgerError(
                .malformedInput,
                "The checkpoint has \(lines.count) line(s); it needs at least three: the origin, the tree size and the root hash.")
        }
        if let empty = lines.firstIndex(where: \.isEmpty) {
            throw LedgerError(
                .malformedInput,
                empty == 0
                    ? "The checkpoint origin (line 1) is empty. The origin names the log, such as 'example.com/log'."
                    : "Line \(empty + 1) of the checkpoint is empty; checkpoint lines, including extension lines, are never empty.")
        }
        guard let size = CanonicalDecimal.parse(lines[1]) else {
            throw LedgerError(
                .malformedInput,
                "The checkpoint tree size (line 2) is \(lines[1].debugDescription), not a canonical decimal. Write the size in digits, without sign, spaces or leading zeros.")
        }
        guard let rootBytes = Base64.decode(lines[2]) else {
            throw LedgerError(.malformedInput, "The checkpoint root hash (line 3) is not standard padded base64.")
        }
        guard rootBytes.count == SHA256Digest.byteCount else {
            throw LedgerError(.malformedInput, "The checkpoint root hash (line 3) has \(rootBytes.count) bytes; a SHA-256 root has 32.")
        }
        try self.init(origin: lines[0], size: size, rootHash: SHA256Digest(bytes: rootBytes), extensions: Array(lines[3...]))
    }

    /// The checkpoint note text: origin, size, base64 root and extension lines, each ending in a
    /// newline.
    public var text: String {
        var out = "\(origin)\n\(size)\n\(Base64.encode(rootHash.bytes))\n"
        for line in extensions { out += "\(line)\n" }
        return out
    }

    private static func checkLine(_ line: String, what: String) throws(LedgerError) {
        guard !line.isEmpty else {
            throw LedgerError(.invalidField, "A \(what) cannot be empty.")
        }
        for scalar in line.unicodeScalars where scalar.value < 0x20 {
            throw LedgerError(
                .invalidField,
                "A \(what) cannot contain a newline or control character (U+00\(Hex.encode([UInt8(scalar.value)]).uppercased())): \(line.debugDescription).")
        }
    }
}
