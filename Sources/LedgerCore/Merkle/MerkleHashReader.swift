/// Reads the stored root hashes of perfect subtrees of an RFC 6962 / RFC 9162 §2.1 Merkle tree.
///
/// A perfect subtree at `level` ℓ and `index` i covers the 2^ℓ leaves `i·2^ℓ ..< (i+1)·2^ℓ`;
/// level 0 holds the leaf hashes themselves (`SHA-256(0x00 || data)`), and level ℓ+1 index i is
/// `SHA-256(0x01 || h(ℓ, 2i) || h(ℓ, 2i+1))`. A store that keeps the hash of every complete
/// subtree (about two hashes per leaf, see ``MerkleTree/subtreeHashesToStore(leafIndex:leafHash:reader:)``)
/// lets ``MerkleTree`` compute any root or proof with O(log n) reads and no re-hashing of the log.
/// The role matches `HashReader` in golang.org/x/mod/sumdb/tlog, addressed by (level, index).
///
/// ```swift
/// var tree = InMemoryMerkleTree()
/// tree.append(MerkleTree.leafHash(Array("entry".utf8)))
/// let root = try MerkleTree.root(size: 1, reader: tree)
/// ```
///
/// Implementations throw when a requested hash is not stored (a subtree that is not complete yet,
/// or one beyond the stored tree); the error propagates unchanged through ``MerkleTree``.
public protocol MerkleHashReader {
    /// The root of the perfect subtree of `2^level` leaves starting at leaf `index << level`.
    ///
    /// - Parameters:
    ///   - level: the height of the subtree; 0 for a leaf hash.
    ///   - index: the position of the subtree among those of its level, from 0.
    /// - Throws: when the hash is not stored.
    func subtreeHash(level: Int, index: Int) throws -> SHA256Digest
}
