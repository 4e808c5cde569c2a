/// The root hash of one perfect subtree, addressed as ``MerkleHashReader`` addresses it.
///
/// ``MerkleTree/subtreeHashesToStore(leafIndex:leafHash:reader:)`` returns the ones that become
/// complete when a leaf is appended, so that a store can write them in the same transaction as
/// the entry.
///
/// ```swift
/// let new = try MerkleTree.subtreeHashesToStore(leafIndex: 3, leafHash: leaf, reader: store)
/// // [(0, 3), (1, 1), (2, 0)]: the leaf, the pair of leaves 2–3, the four leaves 0–3
/// ```
public struct MerkleSubtreeHash: Hashable, Sendable, CustomStringConvertible {
    /// The height of the subtree; 0 for a leaf hash.
    public var level: Int
    /// The position among the subtrees of this level; the subtree starts at leaf `index << level`.
    public var index: Int
    /// `SHA-256(0x00 || data)` at level 0, `SHA-256(0x01 || left || right)` above.
    public var hash: SHA256Digest

    /// Creates a subtree hash record.
    public init(level: Int, index: Int, hash: SHA256Digest) {
        self.level = level
        self.index = index
        self.hash = hash
    }

    public var description: String { "(\(level), \(index)) \(hash.hex)" }
}
