import LedgerCore

/// RFC 9162 §2.1 written as literally as the RFC states it: recursion over the list of leaf
/// hashes, hashing with `SHA256.hash` directly. It is the reference the reader-based
/// ``MerkleTree`` is checked against. The memo of subtree hashes only saves time in tests; it
/// does not change any result.
final class NaiveMerkleTree {
    let leaves: [SHA256Digest]
    private var memo: [Range<Int>: SHA256Digest] = [:]

    init(leaves: [SHA256Digest]) {
        self.leaves = leaves
    }

    static func leaf(_ data: [UInt8]) -> SHA256Digest {
        SHA256.hash([0x00] + data)
    }

    static func node(_ left: SHA256Digest, _ right: SHA256Digest) -> SHA256Digest {
        SHA256.hash([0x01] + left.bytes + right.bytes)
    }

    /// The largest power of two smaller than n.
    static func split(_ n: Int) -> Int {
        var k = 1
        while k * 2 < n { k *= 2 }
        return k
    }

    /// MTH(D[range]).
    func mth(_ range: Range<Int>) -> SHA256Digest {
        if range.isEmpty { return SHA256.hash([UInt8]()) }
        if range.count == 1 { return leaves[range.lowerBound] }
        if let known = memo[range] { return known }
        let k = Self.split(range.count)
        let hash = Self.node(mth(range.lowerBound..<range.lowerBound + k), mth(range.lowerBound + k..<range.upperBound))
        memo[range] = hash
        return hash
    }

    func root(size: Int) -> SHA256Digest { mth(0..<size) }

    /// PATH(m, D[range]).
    func path(_ m: Int, _ range: Range<Int>) -> [SHA256Digest] {
        let n = range.count
        if n <= 1 { return [] }
        let k = Self.split(n)
        let left = range.lowerBound..<range.lowerBound + k
        let right = range.lowerBound + k..<range.upperBound
        if m < k { return path(m, left) + [mth(right)] }
        return path(m - k, right) + [mth(left)]
    }

    func inclusionProof(index: Int, size: Int) -> [SHA256Digest] { path(index, 0..<size) }

    /// SUBPROOF(m, D[range], b).
    func subproof(_ m: Int, _ range: Range<Int>, _ b: Bool) -> [SHA256Digest] {
        let n = range.count
        if m == n { return b ? [] : [mth(range)] }
        let k = Self.split(n)
        let left = range.lowerBound..<range.lowerBound + k
        let right = range.lowerBound + k..<range.upperBound
        if m <= k { return subproof(m, left, b) + [mth(right)] }
        return subproof(m - k, right, false) + [mth(left)]
    }

    /// PROOF(m, D[0:n]); empty for m = 0 and m = n.
    func consistencyProof(from m: Int, to n: Int) -> [SHA256Digest] {
        m == 0 || m == n ? [] : subproof(m, 0..<n, true)
    }
}
