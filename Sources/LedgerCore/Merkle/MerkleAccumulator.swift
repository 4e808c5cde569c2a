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

    /// Resumes a tree of `size` leaves from stored hashes: reads the root of each perfect subtree
    /// of the size's binary decomposition (one read per set bit), largest first.
    ///
    /// - Throws: whatever the reader throws for a missing hash.
    public init(size: Int, reader: some MerkleHashReader) throws {
        precondition(size >= 0, "a tree size cannot be negative")
        var offset = 0
        for level in stride(from: Int.bitWidth - 2, through: 0, by: -1) where size & (1 << level) != 0 {
            hashes.append(try reader.subtreeHash(level: level, index: offset >> level))
            sizes.append(1 << level)
            offset += 1 << level
        }
        count = size
    }

    /// Appends a leaf hash (already `SHA-256(0x00 || data)`).
    public mutating func append(_ leafHash: SHA256Digest, using hasher: SHA256Hasher? = nil) {
        _ = appendReturningCompleted(leafHash, using: hasher)
    }

    /// Appends a leaf hash and returns the perfect subtrees it completes, at levels 1, 2, … in
    /// order (empty for a leaf with an even index). These are the hashes a store keeps so that
    /// proofs need O(log n) reads.
    @discardableResult
    public mutating func appendReturningCompleted(_ leafHash: SHA256Digest, using hasher: SHA256Hasher? = nil) -> [SHA256Digest] {
        let hasher = hasher ?? SHA256Hasher()
        var hash = leafHash
        var size = 1
        var completed: [SHA256Digest] = []
        while let lastSize = sizes.last, lastSize == size {
            hash = Self.node(hashes.removeLast(), hash, using: hasher)
            completed.append(hash)
            sizes.removeLast()
            size *= 2
        }
        hashes.append(hash)
        sizes.append(size)
        count += 1
        return completed
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
        hasher.update(byte: 1)
        hasher.update(left)
        hasher.update(right)
        return hasher.finalize()
    }
}
