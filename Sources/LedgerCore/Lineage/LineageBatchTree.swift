/// The Merkle tree of one lineage batch, kept whole so that a record's proof is read, not
/// recomputed: every complete perfect subtree's hash, level by level.
///
/// Byte layout (what the store keeps in `lineage_batch.tree`): level 0 (the `n` record leaf
/// hashes, 32 bytes each, in record order), then level 1 (`⌊n/2⌋` hashes, node `i` =
/// `SHA-256(0x01 || level0[2i] || level0[2i+1])`), then level 2 (`⌊n/4⌋`), and so on while a level
/// is non-empty. The hash at level ℓ and index i starts at byte `32 · (Σ_{k<ℓ} ⌊n/2^k⌋ + i)`.
/// The batch root, `MTH` of RFC 9162 over the leaves, folds the stored subtrees (one per set bit
/// of `n`); proofs need ⌈log₂ n⌉ reads.
///
/// ```swift
/// let tree = LineageBatchTree(leaves: records.map(\.leafHash))
/// let path = try tree.inclusionProof(position: 17)
/// ```
public struct LineageBatchTree: MerkleHashReader, Hashable, Sendable {
    /// The number of records (leaves).
    public let count: Int
    /// The stored bytes, in the layout above.
    public let bytes: [UInt8]

    /// Builds the tree of `leaves`, in order.
    public init(leaves: [SHA256Digest]) {
        count = leaves.count
        var out: [UInt8] = []
        out.reserveCapacity(Self.byteCount(leaves: leaves.count))
        for leaf in leaves { leaf.withUnsafeBytes { out.append(contentsOf: $0) } }
        let hasher = SHA256Hasher()
        var levelStart = 0
        var levelCount = leaves.count
        while levelCount >= 2 {
            let nextStart = out.count
            for index in 0..<(levelCount / 2) {
                let left = levelStart + 64 * index
                hasher.update(byte: 1)
                out.withUnsafeBytes { hasher.updateRaw(UnsafeRawBufferPointer(rebasing: $0[left..<(left + 64)])) }
                hasher.finalize().withUnsafeBytes { out.append(contentsOf: $0) }
            }
            levelStart = nextStart
            levelCount /= 2
        }
        bytes = out
    }

    /// Wraps stored bytes, checking only their length (``verifyLevels()`` checks the hashes).
    ///
    /// - Throws: ``LedgerError`` `.integrityFailure` when the length is not that of a tree of `count` leaves.
    public init(count: Int, bytes: [UInt8]) throws(LedgerError) {
        guard count >= 1, bytes.count == Self.byteCount(leaves: count) else {
            throw LedgerError(.integrityFailure, "A lineage batch tree of \(count) records has \(count >= 1 ? Self.byteCount(leaves: count) : 0) bytes; the stored one has \(bytes.count).")
        }
        self.count = count
        self.bytes = bytes
    }

    /// The stored size of the tree of `leaves` leaves: 32 bytes per hash of every level.
    public static func byteCount(leaves: Int) -> Int {
        var total = 0
        var level = leaves
        while level > 0 {
            total += level
            level /= 2
        }
        return total * 32
    }

    /// The byte offset of the hash at (`level`, `index`), or `nil` when no such subtree is complete.
    public static func offset(level: Int, index: Int, leaves: Int) -> Int? {
        guard level >= 0, level < Int.bitWidth - 1, index >= 0 else { return nil }
        var start = 0
        var levelCount = leaves
        for _ in 0..<level {
            start += levelCount
            levelCount /= 2
        }
        guard index < levelCount else { return nil }
        return 32 * (start + index)
    }

    /// The record leaf at `position`.
    public func leaf(_ position: Int) -> SHA256Digest? {
        guard position >= 0, position < count else { return nil }
        return hash(at: 32 * position)
    }

    /// The RFC 9162 root over the batch's records.
    public var root: SHA256Digest {
        // Cannot fail: every subtree the root reads is complete by construction.
        (try? MerkleTree.root(size: count, reader: self)) ?? MerkleTree.emptyRoot
    }

    /// The RFC 9162 inclusion proof of the record at `position`.
    public func inclusionProof(position: Int) throws -> [SHA256Digest] {
        try MerkleTree.inclusionProof(index: position, size: count, reader: self)
    }

    public func subtreeHash(level: Int, index: Int) throws(LedgerError) -> SHA256Digest {
        guard let offset = Self.offset(level: level, index: index, leaves: count) else {
            throw LedgerError(.malformedInput, "No complete subtree at level \(level), index \(index) in a batch of \(count) records.")
        }
        return hash(at: offset)
    }

    /// Recomputes every level above the leaves and returns the first stored hash that differs, as
    /// (level, index), or `nil` when all agree.
    public func firstDamagedNode() -> (level: Int, index: Int)? {
        let rebuilt = LineageBatchTree(leaves: (0..<count).map { leaf($0)! })
        guard rebuilt.bytes != bytes else { return nil }
        var level = 0
        var levelCount = count
        var start = 0
        while levelCount > 0 {
            for index in 0..<levelCount where rebuilt.hash(at: 32 * (start + index)) != hash(at: 32 * (start + index)) {
                return (level, index)
            }
            start += levelCount
            levelCount /= 2
            level += 1
        }
        return nil
    }

    private func hash(at offset: Int) -> SHA256Digest {
        bytes.withUnsafeBytes { SHA256Digest(raw: UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + 32)]))! }
    }
}
