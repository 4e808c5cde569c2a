/// A Merkle tree held in memory with the hash of every complete perfect subtree: a
/// ``MerkleHashReader`` for tests, tools and small trees.
///
/// Level 0 is the leaf hashes; level ℓ+1 holds one hash per complete pair of level ℓ. Appending
/// a leaf costs one hash per subtree it completes (two on average) and memory stays about two
/// hashes per leaf. It is a value type: a copy is an independent tree.
///
/// ```swift
/// var tree = InMemoryMerkleTree()
/// for data in ["a", "b", "c"] { tree.append(MerkleTree.leafHash(Array(data.utf8))) }
/// tree.root                                                   // MTH of the three leaves
/// let proof = try MerkleTree.inclusionProof(index: 2, size: tree.size, reader: tree)
/// ```
public struct InMemoryMerkleTree: MerkleHashReader, Hashable, Sendable {
    /// `levels[ℓ][i]` is the root of the perfect subtree of 2^ℓ leaves starting at leaf `i << ℓ`.
    private var levels: [[SHA256Digest]] = []

    /// Creates an empty tree.
    public init() {}

    /// Creates a tree of the given leaf hashes, in order.
    public init(leafHashes: some Sequence<SHA256Digest>) {
        let hasher = SHA256Hasher()
        for leaf in leafHashes { append(leaf, using: hasher) }
    }

    /// The number of leaves.
    public var size: Int { levels.first?.count ?? 0 }

    /// The root of the whole tree; ``MerkleTree/emptyRoot`` when empty.
    public var root: SHA256Digest {
        // One stored subtree per set bit of the size, largest first, folded from the right.
        var pieces: [SHA256Digest] = []
        var offset = 0
        for level in stride(from: levels.count - 1, through: 0, by: -1) where size & (1 << level) != 0 {
            pieces.append(levels[level][offset >> level])
            offset += 1 << level
        }
        guard var acc = pieces.popLast() else { return MerkleTree.emptyRoot }
        let hasher = SHA256Hasher()
        while let left = pieces.popLast() {
            acc = MerkleAccumulator.node(left, acc, using: hasher)
        }
        return acc
    }

    /// Appends a leaf hash (already `SHA-256(0x00 || data)`) and stores every subtree it completes.
    public mutating func append(_ leafHash: SHA256Digest) {
        append(leafHash, using: SHA256Hasher())
    }

    private mutating func append(_ leafHash: SHA256Digest, using hasher: SHA256Hasher) {
        var hash = leafHash
        var level = 0
        while true {
            if level == levels.count { levels.append([]) }
            levels[level].append(hash)
            let count = levels[level].count
            guard count % 2 == 0 else { return }
            hash = MerkleAccumulator.node(levels[level][count - 2], hash, using: hasher)
            level += 1
        }
    }

    /// The stored root of the perfect subtree of `2^level` leaves starting at leaf `index << level`.
    ///
    /// - Throws: ``LedgerError`` `.malformedInput` when that subtree is not complete in this tree.
    public func subtreeHash(level: Int, index: Int) throws(LedgerError) -> SHA256Digest {
        guard level >= 0, level < levels.count, index >= 0, index < levels[level].count else {
            throw LedgerError(
                .malformedInput,
                "The subtree at level \(level), index \(index) is not complete in a tree of \(size) leaves. "
                    + "Ask only for subtrees that end at or before the tree size.")
        }
        return levels[level][index]
    }
}
