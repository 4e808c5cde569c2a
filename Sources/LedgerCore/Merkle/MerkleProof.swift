/// Verification of RFC 9162 inclusion and consistency proofs, following the RFC's algorithms
/// step by step (§2.1.3.2 and §2.1.4.2).
///
/// Both functions return normally when the proof holds and throw a ``LedgerError`` with
/// ``LedgerError/Evidence`` otherwise: the expected and calculated roots, the expected proof
/// length, the index and size. A proof with the wrong number of hashes is refused before any
/// hashing, with the length it should have had (the RFC algorithms would refuse it too).
///
/// ```swift
/// try MerkleProof.verifyInclusion(leafHash: leaf, index: 5, size: 8, proof: path, root: checkpoint.rootHash)
/// try MerkleProof.verifyConsistency(oldSize: 6, newSize: 8, oldRoot: old.rootHash, newRoot: new.rootHash, proof: proof)
/// ```
///
/// ## Topics
/// - ``verifyInclusion(leafHash:index:size:proof:root:)``
/// - ``verifyConsistency(oldSize:newSize:oldRoot:newRoot:proof:)``
/// - ``inclusionProofLength(index:size:)``
/// - ``consistencyProofLength(oldSize:newSize:)``
public enum MerkleProof {
    /// Verifies that `leafHash` is leaf `index` of the tree of `size` leaves whose root is `root`
    /// (RFC 9162 §2.1.3.2).
    ///
    /// - Parameters:
    ///   - leafHash: `SHA-256(0x00 || data)` of the entry.
    ///   - index: the leaf index, `0 ≤ index < size`.
    ///   - size: the tree size of the trusted root.
    ///   - proof: the inclusion path, from the leaf's sibling up.
    ///   - root: the trusted root hash for `size` (from a verified checkpoint).
    /// - Throws: ``LedgerError`` `.integrityFailure` with evidence `.indexOutOfRange`,
    ///   `.proofLength` or `.rootMismatch`; `.malformedInput` for a negative index.
    public static func verifyInclusion(
        leafHash: SHA256Digest, index: Int, size: Int, proof: [SHA256Digest], root: SHA256Digest
    ) throws(LedgerError) {
        guard index >= 0 else {
            throw LedgerError(.malformedInput, "A leaf index cannot be negative (\(index)).")
        }
        // 1. Compare leaf_index against tree_size. If leaf_index is greater than or equal to
        //    tree_size, then fail the proof verification.
        guard index < size else {
            throw LedgerError(
                .integrityFailure,
                "Leaf \(index) cannot be in a tree of \(max(size, 0)) leaves. Check that the proof is for this checkpoint.",
                evidence: .indexOutOfRange(index: index, size: size))
        }
        let expectedLength = inclusionProofLength(index: index, size: size)
        guard proof.count == expectedLength else {
            throw LedgerError(
                .integrityFailure,
                "An inclusion proof of leaf \(index) in a tree of \(size) leaves has \(expectedLength) hashes; this one has \(proof.count). "
                    + "The proof is truncated, padded or for another tree size.",
                evidence: .proofLength(expected: expectedLength, found: proof.count))
        }
        let hasher = SHA256Hasher()
        // 2. Set fn to leaf_index and sn to tree_size - 1.
        var fn = index
        var sn = size - 1
        // 3. Set r to hash.
        var r = leafHash
        // 4. For each value p in the inclusion_path array:
        for p in proof {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            guard sn != 0 else { throw lengthFailure(index: index, size: size, proof: proof) }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if fn & 1 == 1 || fn == sn {
                // i. Set r to HASH(0x01 || p || r).
                r = MerkleAccumulator.node(p, r, using: hasher)
                // ii. If LSB(fn) is not set, then right-shift both fn and sn equally until
                //     either LSB(fn) is set or fn is 0.
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                // Otherwise: i. Set r to HASH(0x01 || r || p).
                r = MerkleAccumulator.node(r, p, using: hasher)
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1
            sn >>= 1
        }
        // 5. Compare sn to 0. Compare r against the root_hash. If sn is equal to 0 and r and the
        //    root_hash are equal, then the log has proven the inclusion of hash.
        guard sn == 0 else { throw lengthFailure(index: index, size: size, proof: proof) }
        guard r == root else {
            throw LedgerError(
                .integrityFailure,
                "The inclusion proof of leaf \(index) in a tree of \(size) leaves leads to root \(r.hex), not the trusted root \(root.hex). "
                    + "The entry, the proof or the checkpoint has been altered, or they belong to different logs.",
                evidence: .rootMismatch(expected: root, calculated: r))
        }
    }

    /// Verifies that the tree of `newSize` leaves with root `newRoot` extends the tree of
    /// `oldSize` leaves with root `oldRoot` (RFC 9162 §2.1.4.2).
    ///
    /// The RFC's algorithm covers `0 < oldSize < newSize`. The other cases follow what
    /// ``MerkleTree/consistencyProof(from:to:reader:)`` produces: for equal sizes the proof must be
    /// empty and the roots equal; from size 0 the proof must be empty and `oldRoot` must be the
    /// empty tree's root, `SHA-256("")`, since every tree extends the empty one.
    ///
    /// - Parameters:
    ///   - oldSize: the earlier tree size.
    ///   - newSize: the later tree size, `newSize ≥ oldSize`.
    ///   - oldRoot: the trusted root for `oldSize`.
    ///   - newRoot: the trusted root for `newSize`.
    ///   - proof: the consistency proof.
    /// - Throws: ``LedgerError`` `.integrityFailure` with evidence `.sizesOutOfOrder`,
    ///   `.proofLength` or `.rootMismatch`; `.malformedInput` for a negative size.
    public static func verifyConsistency(
        oldSize: Int, newSize: Int, oldRoot: SHA256Digest, newRoot: SHA256Digest, proof: [SHA256Digest]
    ) throws(LedgerError) {
        guard oldSize >= 0, newSize >= 0 else {
            throw LedgerError(.malformedInput, "Tree sizes cannot be negative (\(oldSize), \(newSize)).")
        }
        guard oldSize <= newSize else {
            throw LedgerError(
                .integrityFailure,
                "The later tree has \(newSize) leaves, fewer than the \(oldSize) of the earlier one: a log never shrinks. "
                    + "Check the order of the checkpoints; if it is right, the log has been rolled back.",
                evidence: .sizesOutOfOrder(oldSize: oldSize, newSize: newSize))
        }
        let expectedLength = consistencyProofLength(oldSize: oldSize, newSize: newSize)
        guard proof.count == expectedLength else {
            throw LedgerError(
                .integrityFailure,
                "A consistency proof from \(oldSize) to \(newSize) leaves has \(expectedLength) hashes; this one has \(proof.count). "
                    + "The proof is truncated, padded or for other tree sizes.",
                evidence: .proofLength(expected: expectedLength, found: proof.count))
        }
        if oldSize == newSize {
            guard oldRoot == newRoot else {
                throw LedgerError(
                    .integrityFailure,
                    "Two roots for the same tree size \(newSize) differ (\(oldRoot.hex) and \(newRoot.hex)): the log has forked. "
                        + "Keep both signed checkpoints as evidence.",
                    evidence: .rootMismatch(expected: oldRoot, calculated: newRoot))
            }
            return
        }
        if oldSize == 0 {
            guard oldRoot == MerkleTree.emptyRoot else {
                throw LedgerError(
                    .integrityFailure,
                    "The root of the empty tree is \(MerkleTree.emptyRoot.hex) (SHA-256 of nothing), not \(oldRoot.hex). "
                        + "The earlier checkpoint is not a valid checkpoint of an empty log.",
                    evidence: .rootMismatch(expected: oldRoot, calculated: MerkleTree.emptyRoot))
            }
            return
        }
        let hasher = SHA256Hasher()
        // 1. If consistency_path is an empty array, stop and fail the proof verification.
        //    (Checked above: for 0 < first < second the expected length is at least 1.)
        var path = proof
        // 2. If first is an exact power of 2, then prepend first_hash to the consistency_path array.
        if oldSize & (oldSize - 1) == 0 { path.insert(oldRoot, at: 0) }
        // 3. Set fn to first - 1 and sn to second - 1.
        var fn = oldSize - 1
        var sn = newSize - 1
        // 4. If LSB(fn) is set, then right-shift both fn and sn equally until LSB(fn) is not set.
        while fn & 1 == 1 {
            fn >>= 1
            sn >>= 1
        }
        // 5. Set both fr and sr to the first value in the consistency_path array.
        var fr = path[0]
        var sr = path[0]
        // 6. For each subsequent value c in the consistency_path array:
        for c in path.dropFirst() {
            // a. If sn is 0, then stop the iteration and fail the proof verification.
            guard sn != 0 else { throw consistencyLengthFailure(oldSize: oldSize, newSize: newSize, proof: proof) }
            // b. If LSB(fn) is set, or if fn is equal to sn, then:
            if fn & 1 == 1 || fn == sn {
                // i. Set fr to HASH(0x01 || c || fr).  ii. Set sr to HASH(0x01 || c || sr).
                fr = MerkleAccumulator.node(c, fr, using: hasher)
                sr = MerkleAccumulator.node(c, sr, using: hasher)
                // iii. If LSB(fn) is not set, then right-shift both fn and sn equally until either
                //      LSB(fn) is set or fn is 0.
                while fn & 1 == 0 && fn != 0 {
                    fn >>= 1
                    sn >>= 1
                }
            } else {
                // Otherwise: i. Set sr to HASH(0x01 || sr || c).
                sr = MerkleAccumulator.node(sr, c, using: hasher)
            }
            // c. Finally, right-shift both fn and sn one time.
            fn >>= 1
            sn >>= 1
        }
        // 7. Verify that fr equals first_hash, sr equals second_hash, and sn is 0.
        guard sn == 0 else { throw consistencyLengthFailure(oldSize: oldSize, newSize: newSize, proof: proof) }
        guard fr == oldRoot else {
            throw LedgerError(
                .integrityFailure,
                "The consistency proof from \(oldSize) to \(newSize) leaves leads to old root \(fr.hex), not the trusted \(oldRoot.hex). "
                    + "The proof or the earlier checkpoint has been altered, or they belong to different logs.",
                evidence: .rootMismatch(expected: oldRoot, calculated: fr))
        }
        guard sr == newRoot else {
            throw LedgerError(
                .integrityFailure,
                "The consistency proof from \(oldSize) to \(newSize) leaves leads to new root \(sr.hex), not the trusted \(newRoot.hex). "
                    + "The later tree does not extend the earlier one, or the proof or checkpoint has been altered.",
                evidence: .rootMismatch(expected: newRoot, calculated: sr))
        }
    }

    /// The number of hashes in the inclusion proof of leaf `index` in a tree of `size` leaves:
    /// the path splits where the paths to `index` and `size - 1` diverge; below that every level
    /// has a sibling, above it only the levels where `index` is a right child do.
    ///
    /// - Precondition: `0 ≤ index < size`.
    public static func inclusionProofLength(index: Int, size: Int) -> Int {
        precondition(index >= 0 && index < size, "inclusionProofLength needs 0 <= index < size")
        let inner = Int.bitWidth - (index ^ (size - 1)).leadingZeroBitCount
        return inner + (index >> inner).nonzeroBitCount
    }

    /// The number of hashes in the consistency proof from `oldSize` to `newSize` leaves; 0 when
    /// `oldSize` is 0 or equals `newSize`.
    ///
    /// - Precondition: `0 ≤ oldSize ≤ newSize`.
    public static func consistencyProofLength(oldSize: Int, newSize: Int) -> Int {
        precondition(oldSize >= 0 && oldSize <= newSize, "consistencyProofLength needs 0 <= oldSize <= newSize")
        guard oldSize > 0, oldSize < newSize else { return 0 }
        // The proof is the inclusion path of leaf oldSize - 1 above the level where the old tree's
        // rightmost perfect subtree ends, plus that subtree's hash unless it is the whole old tree.
        let shift = oldSize.trailingZeroBitCount
        let length = inclusionProofLength(index: oldSize - 1, size: newSize) - shift
        return oldSize == 1 << shift ? length : length + 1
    }

    private static func lengthFailure(index: Int, size: Int, proof: [SHA256Digest]) -> LedgerError {
        let expected = inclusionProofLength(index: index, size: size)
        return LedgerError(
            .integrityFailure,
            "An inclusion proof of leaf \(index) in a tree of \(size) leaves has \(expected) hashes; this one has \(proof.count).",
            evidence: .proofLength(expected: expected, found: proof.count))
    }

    private static func consistencyLengthFailure(oldSize: Int, newSize: Int, proof: [SHA256Digest]) -> LedgerError {
        let expected = consistencyProofLength(oldSize: oldSize, newSize: newSize)
        return LedgerError(
            .integrityFailure,
            "A consistency proof from \(oldSize) to \(newSize) leaves has \(expected) hashes; this one has \(proof.count).",
            evidence: .proofLength(expected: expected, found: proof.count))
    }
}
