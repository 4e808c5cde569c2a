/// Computes an RFC 6962 / RFC 9162 §2.1 Merkle tree root over leaf hashes in one pass and
/// O(log n) memory.
///
/// It keeps the roots of the perfect subtrees that make up the tree so far (one per set bit of
/// the size, largest first). The root of the whole tree folds them from the right:
/// `MTH = node(s_0, node(s_1, … node(s_{k−2}, s_{k−1})))`, which equals the recursive
/// definition that splits at the largest power of two smaller than n.
///
/// ```swift
/// var tree = MerkleAccumulator()
/// for leaf in leaves { tree.append(leaf) }
/// tree.root // the tree head
/// ```
public struct MerkleAccumulator: Sendable, Hashable {
    /// Roots of perfect subtrees, largest first; `sizes[i]` is the leaf count of `hashes[i]`.
    public private(set) var hashes: [SHA256Digest] = []
    private var sizes: [Int] = []
    /// The number of leaves appended.
    public private(set) var count = 0

    public init() {}

    /// Appends a leaf hash (already `SHA-256(0x00 || data)`).
    public mutating func append(_ leafHash: SHA256Digest, using hasher: SHA256Hasher? = nil) {
        let hasher = hasher ?? SHA256Hasher()
        var hash = leafHash
        var size = 1
        while let lastSize = sizes.last, lastSize == size {
            hash = Self.node(hashes.removeLast(), hash, using: hasher)
            sizes.removeLast()
            size *= 2
        }
        hashes.append(hash)
        sizes.append(size)
        count += 1
    }

    /// The root of the tree of all leaves appended so far; `SHA-256("")` when empty.
    public var root: SHA256Digest {
        guard var acc = hashes.last else { return SHA256.hash([UInt8]()) }
        let hasher = SHA256Hasher()
        for hash in hashes.dropLast().reversed() {
            acc = Self.node(hash, acc, using: hasher)
        }
        return acc
    }

    /// An interior node: `SHA-256(0x01 || left || right)` (RFC 6962 §2.1).
    public static func node(_ left: SHA256Digest, _ right: SHA256Digest, using hasher: SHA256Hasher = SHA256Hasher()) -> SHA256Digest {
        // Raw buffers: `CollectionOfOne` has no contiguous storage and would be copied into an
        // array on every node, which dominates proof verification and subtree-hash storage.
        var prefix: UInt8 = 0x01
        withUnsafeBytes(of: &prefix) { hasher.updateRaw($0) }
        left.bytes.withUnsafeBytes { hasher.updateRaw($0) }
        right.bytes.withUnsafeBytes { hasher.updateRaw($0) }
        return hasher.finalize()
    }
}
