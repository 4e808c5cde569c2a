public import LedgerCore

/// One file of an audit pack: its path inside the archive and its bytes.
public struct AuditPackFile: Hashable, Sendable {
    /// The path inside the archive, `/`-separated, relative.
    public let path: String
    /// The file's contents.
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// Fixed names and texts of the audit pack format (see docs/audit-packs.md).
public enum AuditPackLayout {
    /// The entries, one export line each, in seq order.
    public static let entries = "entries.jsonl"
    /// The signed checkpoint the pack is proven against.
    public static let checkpoint = "checkpoint.txt"
    /// The multi-leaf inclusion proof of every entry.
    public static let multiproof = "proofs/multiproof.json"
    /// The earliest stored checkpoint that covers the last entry, when there is one.
    public static let firstCheckpoint = "checkpoints/first.txt"
    /// The consistency proof from ``firstCheckpoint`` to ``checkpoint``.
    public static let consistency = "proofs/consistency.json"
    /// The manifest: every other file with its SHA-256 and size.
    public static let manifest = "manifest.json"
    /// The signed note over the manifest's SHA-256.
    public static let manifestSignature = "manifest.sig"
    /// The folder of policy payload copies, named by their SHA-256.
    public static let policyFolder = "policy/"
    /// The folder of rendered documents supplied by the caller.
    public static let reportsFolder = "reports/"
    /// The `format` member of `proofs/consistency.json`.
    public static let consistencyFormat = "govledger.pack-consistency/v1"
    /// The first line of the text that `manifest.sig` signs.
    public static let signatureTitle = "govledger audit pack v1"

    /// The note text that `manifest.sig` signs: the title line and the manifest's SHA-256 in hex.
    public static func signedText(manifestDigest: SHA256Digest) -> String {
        "\(signatureTitle)\n\(manifestDigest.hex)\n"
    }

    /// Checks a relative document path: non-empty segments, no `..` or `.` segment, not absolute,
    /// no backslash, no control character.
    ///
    /// - Throws: ``LedgerError`` `.invalidField` saying what is wrong.
    public static func checkRelativePath(_ path: String) throws(LedgerError) {
        guard !path.isEmpty else {
            throw LedgerError(.invalidField, "A document path is empty; give a relative path such as 'model-card.html'.")
        }
        guard !path.hasPrefix("/") else {
            throw LedgerError(.invalidField, "The document path '\(path)' is absolute; give a path relative to the pack's reports folder.")
        }
        guard !path.contains("\\") else {
            throw LedgerError(.invalidField, "The document path '\(path)' contains a backslash; separate folders with '/'.")
        }
        guard !path.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw LedgerError(.invalidField, "The document path \(path.debugDescription) contains a control character.")
        }
        for segment in path.split(separator: "/", omittingEmptySubsequences: false) {
            guard !segment.isEmpty, segment != ".", segment != ".." else {
                throw LedgerError(.invalidField, "The document path '\(path)' has an empty, '.' or '..' segment; give a plain relative path.")
            }
        }
    }
}

/// Why an audit pack did not verify: the file at fault and, inside `entries.jsonl`, the line and
/// seq of the first bad entry.
public struct AuditPackFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// Whether the pack could not be read at all (bad usage) or read and found wrong.
    public enum Kind: Hashable, Sendable {
        /// Not a file, not a ZIP archive: a usage error.
        case unreadable
        /// The pack was read and a check failed.
        case integrity
    }

    public let kind: Kind
    /// The file at fault, when one is.
    public let file: String?
    /// The 1-based line of `entries.jsonl`, when an entry is at fault.
    public let line: Int?
    /// The seq of the entry at fault, when it could be read.
    public let seq: Int?
    /// What is wrong.
    public let message: String

    public init(_ kind: Kind = .integrity, file: String?, line: Int? = nil, seq: Int? = nil, _ message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.seq = seq
        self.message = message
    }

    public var description: String {
        var place = file ?? "pack"
        if let line { place += " line \(line)" }
        if let seq { place += line == nil ? " seq \(seq)" : " (seq \(seq))" }
        return "\(place): \(message)"
    }
}
