/// RFC 6962 / RFC 9162 §2.1 Merkle tree hashes and proofs, computed from stored perfect-subtree
/// hashes.
///
/// The tree over leaf hashes `D[0:n]` is defined recursively (RFC 9162 §2.1.1):
/// `MTH({}) = SHA-256("")`, `MTH({d}) = d` for a leaf hash d, and for n > 1, with k the largest
/// power of two smaller than n, `MTH(D[0:n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n]))`.
/// Every left part of that recursion is a perfect subtree, and every right part is a run of at
/// most ⌈log₂ n⌉ aligned perfect subtrees (one per set bit of its size), so a root or a proof
/// needs O(log n) ``MerkleHashReader`` reads and O(log n) hashes: nothing is rebuilt from leaves.
///
/// ```swift
/// let tree = InMemoryMerkleTree(leafHashes: leaves)
/// let root = try MerkleTree.root(size: 7, reader: tree)
/// let path = try MerkleTree.inclusionProof(index: 3, size: 7, reader: tree)
/// try MerkleProof.verifyInclusion(leafHash: leaves[3], index: 3, size: 7, proof: path, root: root)
/// ```
///
/// ## Topics
/// - ``root(size:reader:)``
/// - ``inclusionProof(index:size:reader:)``
/// - ``consistencyProof(from:to:reader:)``
/// - ``subtreeHashesToStore(leafIndex:leafHash:reader:)``
/// - ``leafHash(_:)``
/// - ``emptyRoot``
public enum MerkleTree {
    /// The root of the empty tree: `SHA-256("")` (RFC 9162 §2.1.1).
    public static let emptyRoot = SHA256.hash([UInt8]())

    /// The leaf hash of an entry: `SHA-256(0x00 || data)` (RFC 9162 §2.1.1).
    public static func leafHash(_ data: some Collection<UInt8>) -> SHA256Digest {
        SHA256.hash(prefix: 0x00, data)
    }

    /// The root of the tree of the first `size` leaves, `MTH(D[0:size])`.
    ///
    /// Reads one stored hash per set bit of `size` and folds them from the right.
    ///
    /// - Parameters:
    ///   - size: the number of leaves, ≥ 0; 0 gives ``emptyRoot``.
    ///   - reader: the stored subtree hashes; it must hold at least `size` leaves.
    /// - Throws: ``LedgerError`` `.malformedInput` for a negative size, or whatever `reader` throws.
    public static func root(size: Int, reader: some MerkleHashReader) throws -> SHA256Digest {
        guard size >= 0 else {
            throw LedgerError(.malformedInput, "A tree size cannot be negative (\(size)). Pass the number of leaves, 0 or more.")
        }
        guard size > 0 else { return emptyRoot }
        return try Walker(reader: reader).hash(from: 0, to: size)
    }

    /// `MTH(D[start:end])` for a range of the RFC 9162 §2.1.1 recursion over any tree: a perfect
    /// left part or a right part such as `[k, n)`, read as its aligned perfect subtrees (one per set
    /// bit of `end - start`) and folded from the right, exactly as ``root(size:reader:)`` is.
    ///
    /// `start` must be a multiple of the largest power of two not above `end - start`, which holds
    /// for every range the recursion produces; multi-leaf proofs use it for ranges that contain no
    /// proven leaf.
    ///
    /// - Parameters:
    ///   - start: the first leaf of the range.
    ///   - end: one past the last leaf; `start < end`.
    ///   - reader: the stored subtree hashes; it must hold at least `end` leaves.
    /// - Throws: ``LedgerError`` `.malformedInput` for an empty, negative or unaligned range, or
    ///   whatever `reader` throws.
    public static func rangeHash(from start: Int, to end: Int, reader: some MerkleHashReader) throws -> SHA256Digest {
        guard start >= 0, start < end else {
            throw LedgerError(.malformedInput, "A Merkle range needs 0 ≤ start < end; got \(start) ..< \(end).")
        }
        let top = 1 << (Int.bitWidth - 1 - (end - start).leadingZeroBitCount)
        guard start & (top - 1) == 0 else {
            throw LedgerError(.malformedInput, "The Merkle range \(start) ..< \(end) is not a range of the RFC 9162 recursion: its start is not a multiple of \(top).")
        }
        return try Walker(reader: reader).hash(from: start, to: end)
    }

    /// The inclusion proof (audit path) of leaf `index` in the tree of the first `size` leaves:
    /// `PATH(index, D[0:size])` of RFC 9162 §2.1.3.1, ordered from the leaf's sibling up.
    ///
    /// - Parameters:
    ///   - index: the leaf, `0 ≤ index < size`.
    ///   - size: the tree size.
    ///   - reader: the stored subtree hashes; it must hold at least `size` leaves.
    /// - Returns: the proof hashes; empty for a tree of one leaf.
    /// - Throws: ``LedgerError`` `.malformedInput` when the index is outside the tree, or whatever
    ///   `reader` throws.
    public static func inclusionProof(index: Int, size: Int, reader: some MerkleHashReader) throws -> [SHA256Digest] {
        guard index >= 0, index < size else {
            throw LedgerError(
                .malformedInput,
                "Leaf \(index) is not in a tree of \(max(size, 0)) leaves. Ask for an index from 0 to the tree size minus 1.",
                evidence: .indexOutOfRange(index: index, size: size))
        }
        var proof: [SHA256Digest] = []
        try Walker(reader: reader).path(index, from: 0, to: size, into: &proof)
        return proof
    }

    /// The consistency proof between the trees of the first `oldSize` and the first `newSize`
    /// leaves: `PROOF(oldSize, D[0:newSize])` of RFC 9162 §2.1.4.1.
    ///
    /// The proof is empty when `oldSize` is 0 or equals `newSize` (every tree extends the empty
    /// tree, and a tree is consistent with itself); ``MerkleProof/verifyConsistency(oldSize:newSize:oldRoot:newRoot:proof:)``
    /// accepts exactly those empty proofs.
    ///
    /// - Parameters:
    ///   - oldSize: the earlier tree size, `0 ≤ oldSize ≤ newSize`.
    ///   - newSize: the later tree size.
    ///   - reader: the stored subtree hashes; it must hold at least `newSize` leaves.
    /// - Throws: ``LedgerError`` `.malformedInput` when the sizes are negative or out of order, or
    ///   whatever `reader` throws.
    public static func consistencyProof(from oldSize: Int, to newSize: Int, reader: some MerkleHashReader) throws -> [SHA256Digest] {
        guard oldSize >= 0, oldSize <= newSize else {
            throw LedgerError(
                .malformedInput,
                "A consistency proof runs from a smaller tree to a larger one; got sizes \(oldSize) and \(newSize). Pass 0 ≤ old size ≤ new size.",
                evidence: .sizesOutOfOrder(oldSize: oldSize, newSize: newSize))
        }
        guard oldSize > 0, oldSize < newSize else { return [] }
        var proof: [SHA256Digest] = []
        try Walker(reader: reader).subproof(oldSize, from: 0, to: newSize, complete: true, into: &proof)
        return proof
    }

    /// The subtree hashes that become complete when leaf `leafIndex` is appended, leaf first: the
    /// leaf hash at level 0, then each perfect subtree that the leaf closes.
    ///
    /// A store keeps exactly these, written in the same transaction as the entry, so that
    /// ``MerkleHashReader`` can serve every complete subtree later. Leaf i closes one subtree per
    /// trailing 1 bit of i, so the records per leaf average two. Each parent is
    /// `SHA-256(0x01 || left || right)` where `left` is read from `reader` (it was stored with an
    /// earlier leaf) and `right` was computed in the step before.
    ///
    /// ```swift
    /// for record in try MerkleTree.subtreeHashesToStore(leafIndex: seq, leafHash: leaf, reader: db) {
    ///     try db.insert(level: record.level, index: record.index, hash: record.hash)
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - leafIndex: the index of the new leaf; `reader` must hold the hashes of all earlier leaves,
    ///     including those appended earlier in the same transaction.
    ///   - leafHash: `SHA-256(0x00 || H)` of the new entry.
    ///   - reader: the stored subtree hashes.
    /// - Throws: ``LedgerError`` `.malformedInput` for a negative index, or whatever `reader` throws.
    public static func subtreeHashesToStore(
        leafIndex: Int, leafHash: SHA256Digest, reader: some MerkleHashReader
    ) throws -> [MerkleSubtreeHash] {
        guard leafIndex >= 0 else {
            throw LedgerError(.malformedInput, "A leaf index cannot be negative (\(leafIndex)).")
        }
        let hasher = SHA256Hasher()
        var records = [MerkleSubtreeHash(level: 0, index: leafIndex, hash: leafHash)]
        var hash = leafHash
        var index = leafIndex
        var level = 0
        // The node at (level, index) is a right child exactly when index is odd; its parent then
        // becomes complete. https://www.rfc-editor.org/rfc/rfc9162#section-2.1.1
        while index & 1 == 1 {
            let left = try reader.subtreeHash(level: level, index: index - 1)
            hash = MerkleAccumulator.node(left, hash, using: hasher)
            index >>= 1
            level += 1
            records.append(MerkleSubtreeHash(level: level, index: index, hash: hash))
        }
        return records
    }

    /// The largest power of two strictly smaller than `n` (the split point k of RFC 9162 §2.1.1).
    static func splitPoint(_ n: Int) -> Int {
        precondition(n > 1, "splitPoint needs n > 1")
        return 1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }
}

/// Walks the RFC 9162 recursions over a reader, reusing one hasher.
private struct Walker<Reader: MerkleHashReader> {
    let reader: Reader
    let hasher = SHA256Hasher()

    /// `MTH(D[start:end])` for a range of the recursion: `start` is a multiple of the largest
    /// power of two not above `end - start`, so the range splits into aligned perfect subtrees,
    /// one per set bit of its size, largest first.
    func hash(from start: Int, to end: Int) throws -> SHA256Digest {
        precondition(start < end, "empty range in Merkle walk")
        var pieces: [SHA256Digest] = []
        var cursor = start
        var remaining = end - start
        while remaining > 0 {
            let level = Int.bitWidth - 1 - remaining.leadingZeroBitCount
            let width = 1 << level
            precondition(cursor & (width - 1) == 0, "unaligned subtree in Merkle walk (bad math)")
            pieces.append(try reader.subtreeHash(level: level, index: cursor >> level))
            cursor += width
            remaining -= width
        }
        var acc = pieces.removeLast()
        while let left = pieces.popLast() {
            acc = MerkleAccumulator.node(left, acc, using: hasher)
        }
        return acc
    }

    /// Appends `PATH(m, D[start:end])` (RFC 9162 §2.1.3.1):
    /// for m < k, `PATH(m, D[0:k]) : MTH(D[k:n])`; otherwise `PATH(m - k, D[k:n]) : MTH(D[0:k])`.
    func path(_ m: Int, from start: Int, to end: Int, into proof: inout [SHA256Digest]) throws {
        let n = end - start
        guard n > 1 else { return }
        let k = MerkleTree.splitPoint(n)
        if m < k {
            try path(m, from: start, to: start + k, into: &proof)
            proof.append(try hash(from: start + k, to: end))
        } else {
            try path(m - k, from: start + k, to: end, into: &proof)
            proof.append(try hash(from: start, to: start + k))
        }
    }

    /// Appends `SUBPROOF(m, D[start:end], complete)` (RFC 9162 §2.1.4.1): empty when m = n and the
    /// old tree is a complete subtree whose hash the verifier knows, `MTH(D[start:end])` when m = n
    /// otherwise; for m ≤ k, `SUBPROOF(m, D[0:k], b) : MTH(D[k:n])`, else
    /// `SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])`.
    func subproof(_ m: Int, from start: Int, to end: Int, complete: Bool, into proof: inout [SHA256Digest]) throws {
        let n = end - start
        if m == n {
            if !complete { proof.append(try hash(from: start, to: end)) }
            return
        }
        let k = MerkleTree.splitPoint(n)
        if m <= k {
            try subproof(m, from: start, to: start + k, complete: complete, into: &proof)
            proof.append(try hash(from: start + k, to: end))
        } else {
            try subproof(m - k, from: start + k, to: end, complete: false, into: &proof)
            proof.append(try hash(from: start, to: start + k))
        }
    }
}
