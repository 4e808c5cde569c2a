public import LedgerCore

/// A signed checkpoint as the store keeps it.
public struct StoredCheckpoint: Hashable, Sendable {
    /// The tree size it commits to.
    public let size: Int
    /// The root hash of the first `size` leaves.
    public let root: SHA256Digest
    /// The C2SP signed note: checkpoint text, blank line, signature lines.
    public let note: [UInt8]
    /// The verifier key (`name+keyid+base64`) of the key that signed it.
    public let verifierKey: String
    /// When it was signed.
    public let time: Timestamp

    public init(size: Int, root: SHA256Digest, note: [UInt8], verifierKey: String, time: Timestamp) {
        self.size = size
        self.root = root
        self.note = note
        self.verifierKey = verifierKey
        self.time = time
    }

    /// The note as text.
    public var noteText: String { String(decoding: note, as: UTF8.self) }
}
