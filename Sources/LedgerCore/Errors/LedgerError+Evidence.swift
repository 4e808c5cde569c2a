extension LedgerError {
    /// The facts behind a failed verification, for callers that act on them rather than print them.
    ///
    /// Modelled on the evidence-carrying errors of transparency-log libraries (a root mismatch
    /// carries both roots; an invalid signature names the key). New cases may be added: switch
    /// with a `default`.
    ///
    /// ```swift
    /// do { try MerkleProof.verifyInclusion(leafHash: leaf, index: 3, size: 8, proof: proof, root: root) }
    /// catch let error {
    ///     if case .rootMismatch(let expected, let calculated)? = error.evidence { print(expected, calculated) }
    /// }
    /// ```
    public enum Evidence: Hashable, Sendable {
        /// The proof led to `calculated`, but the trusted root is `expected`.
        case rootMismatch(expected: SHA256Digest, calculated: SHA256Digest)
        /// A proof for these sizes or this index has `expected` hashes; `found` were given.
        case proofLength(expected: Int, found: Int)
        /// A leaf index at or beyond the tree size.
        case indexOutOfRange(index: Int, size: Int)
        /// A consistency check from a larger tree to a smaller one.
        case sizesOutOfOrder(oldSize: Int, newSize: Int)
        /// A signature by a known key (name and key ID) that does not verify.
        case invalidSignature(keyName: String, keyID: UInt32)
        /// A note none of whose signatures is by a known key; these are the signatures it carries.
        case unverifiedNote(signatures: [NoteSignature])
    }
}
