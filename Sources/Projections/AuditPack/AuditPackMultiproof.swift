public import LedgerCore

/// A compact RFC 6962 multi-leaf proof: that a sorted set of leaves is in the tree of `size`
/// leaves whose root a checkpoint signs, with one hash per maximal subtree that holds none of
/// them.
///
/// Both sides run the same recursion as the Merkle Tree Hash of RFC 9162 §2.1.1 over `[0, size)`:
/// a range `[start, end)` of width greater than one splits at `start + k`, where `k` is the largest
/// power of two strictly smaller than the width. A range that holds no proven leaf is not split: its
/// hash, `MTH(D[start:end])`, is the next hash of the proof. A range of width one that holds a proven
/// leaf is that leaf's hash, recomputed by the verifier from the entry. The proof lists the hashes in
/// the order the recursion reaches them (depth first, left before right), and the verifier must use
/// every hash exactly once.
///
/// ```swift
/// let proof = try AuditPackMultiproof.build(seqs: [3, 9], size: 20, reader: tree)
/// let root = try AuditPackMultiproof.root(seqs: [3, 9], leafHashes: [leaf3, leaf9], size: 20, proof: proof)
/// ```
public enum AuditPackMultiproof {
    /// The `format` member of `proofs/multiproof.json`.
    public static let format = "govledger.multiproof/v1"

    /// The proof hashes for the leaves `seqs` in the tree of `size` leaves.
    ///
    /// Hashes of ranges without a proven leaf come from `reader`'s stored perfect subtrees; a right
    /// edge that is not a perfect subtree is folded from them as ``MerkleTree/root(size:reader:)``
    /// does.
    ///
    /// - Parameters:
    ///   - seqs: the proven leaf indexes, strictly increasing, each below `size`.
    ///   - size: the tree size, at least 1.
    ///   - reader: the stored subtree hashes of a log of at least `size` leaves.
    /// - Throws: ``LedgerError`` `.malformedInput` for unsorted or out-of-range leaves, or whatever
    ///   `reader` throws.
    public static func build(seqs: [Int], size: Int, reader: some MerkleHashReader) throws -> [SHA256Digest] {
        try checkSeqs(seqs, size: size)
        var proof: [SHA256Digest] = []
        func walk(_ lo: Int, _ hi: Int, _ start: Int, _ end: Int) throws {
            if lo == hi {
                proof.append(try MerkleTree.rangeHash(from: start, to: end, reader: reader))
                return
            }
            if end - start == 1 { return }
            let mid = start + splitPoint(end - start)
            let cut = partition(seqs, lo, hi, below: mid)
            try walk(lo, cut, start, mid)
            try walk(cut, hi, mid, end)
        }
        try walk(0, seqs.count, 0, size)
        return proof
    }

    /// The number of hashes a proof of these leaves has, without reading any hash.
    public static func proofLength(seqs: [Int], size: Int) -> Int {
        var count = 0
        func walk(_ lo: Int, _ hi: Int, _ start: Int, _ end: Int) {
            if lo == hi { count += 1; return }
            if end - start == 1 { return }
            let mid = start + splitPoint(end - start)
            let cut = partition(seqs, lo, hi, below: mid)
            walk(lo, cut, start, mid)
            walk(cut, hi, mid, end)
        }
        walk(0, seqs.count, 0, size)
        return count
    }

    /// The root that the leaves and the proof give: the verifier's half.
    ///
    /// - Parameters:
    ///   - seqs: the proven leaf indexes, strictly increasing, each below `size`.
    ///   - leafHashes: `SHA-256(0x00 || H)` of each proven entry, in the same order.
    ///   - size: the tree size of the checkpoint, at least 1.
    ///   - proof: the proof hashes.
    /// - Returns: the Merkle root; compare it with the checkpoint's root hash.
    /// - Throws: ``LedgerError`` `.integrityFailure` when the proof has too few or too many hashes,
    ///   `.malformedInput` for unsorted or out-of-range leaves.
    public static func root(seqs: [Int], leafHashes: [SHA256Digest], size: Int, proof: [SHA256Digest]) throws(LedgerError) -> SHA256Digest {
        try checkSeqs(seqs, size: size)
        guard leafHashes.count == seqs.count else {
            throw LedgerError(.malformedInput, "A multi-proof needs one leaf hash per leaf; got \(leafHashes.count) hashes for \(seqs.count) leaves.")
        }
        let hasher = SHA256Hasher()
        var cursor = 0
        var shortBy = 0
        func walk(_ lo: Int, _ hi: Int, _ start: Int, _ end: Int) -> SHA256Digest {
            if lo == hi {
                guard cursor < proof.count else { shortBy += 1; return SHA256Digest.zero }
                cursor += 1
                return proof[cursor - 1]
            }
            if end - start == 1 { return leafHashes[lo] }
            let mid = start + splitPoint(end - start)
            let cut = partition(seqs, lo, hi, below: mid)
            let left = walk(lo, cut, start, mid)
            let right = walk(cut, hi, mid, end)
            return MerkleAccumulator.node(left, right, using: hasher)
        }
        let root = walk(0, seqs.count, 0, size)
        guard shortBy == 0 else {
            throw LedgerError(.integrityFailure, "The multi-proof is \(shortBy) hash(es) short of what \(seqs.count) leaves in a tree of \(size) need (\(proof.count + shortBy)).")
        }
        guard cursor == proof.count else {
            throw LedgerError(.integrityFailure, "The multi-proof has \(proof.count - cursor) hash(es) more than \(seqs.count) leaves in a tree of \(size) use (\(cursor)).")
        }
        return root
    }

    private static func checkSeqs(_ seqs: [Int], size: Int) throws(LedgerError) {
        guard size >= 1 else {
            throw LedgerError(.malformedInput, "A multi-proof needs a tree of at least one leaf, not \(size).")
        }
        var previous = -1
        for seq in seqs {
            guard seq > previous else {
                throw LedgerError(.malformedInput, "The leaves of a multi-proof are strictly increasing; \(seq) follows \(previous).")
            }
            guard seq < size else {
                throw LedgerError(.malformedInput, "Leaf \(seq) is not in a tree of \(size) leaves.")
            }
            previous = seq
        }
    }

    /// The largest power of two strictly smaller than `n > 1`.
    private static func splitPoint(_ n: Int) -> Int {
        1 << (Int.bitWidth - 1 - (n - 1).leadingZeroBitCount)
    }

    /// The first index in `lo ..< hi` whose seq is at least `bound` (binary search).
    private static func partition(_ seqs: [Int], _ lo: Int, _ hi: Int, below bound: Int) -> Int {
        var low = lo
        var high = hi
        while low < high {
            let middle = (low + high) / 2
            if seqs[middle] < bound { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
