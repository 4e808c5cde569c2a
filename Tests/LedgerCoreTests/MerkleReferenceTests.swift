import LedgerCore
import Testing

/// The largest tree the property tests sample from.
private let maxLeaves = 5_000

/// Leaf hashes of the sampled trees: leaf i is `SHA-256(0x00 || "leaf i")`.
private let sampleLeaves: [SHA256Digest] = (0..<maxLeaves).map { NaiveMerkleTree.leaf(Array("leaf \($0)".utf8)) }

/// One tree of ``maxLeaves`` leaves; every smaller tree is a prefix of it.
private let sampleTree = InMemoryMerkleTree(leafHashes: sampleLeaves)

/// Property tests: proofs produced through the reader equal the naive recursive reference
/// (``NaiveMerkleTree``), verify against roots computed from scratch, and fail once any bit of a
/// proof hash, the leaf or a root is flipped.
struct MerkleReferenceTests {
    /// Edge sizes around powers of two, plus sizes drawn with a fixed seed.
    static let sizes: [Int] = {
        var sizes: Set<Int> = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 4_999, 5_000]
        for power in 5...12 { sizes.formUnion([(1 << power) - 1, 1 << power, (1 << power) + 1]) }
        var random = SplitMix64(state: 0x6C65_6467_6572)  // "ledger"
        while sizes.count < 48 { sizes.insert(Int.random(in: 18...maxLeaves, using: &random)) }
        return sizes.sorted()
    }()

    /// Every value below `limit` when there are few, otherwise the edges and a fixed-seed sample.
    static func sample(_ range: ClosedRange<Int>, count: Int, seed: UInt64) -> [Int] {
        guard range.count > count else { return Array(range) }
        var picks: Set<Int> = [range.lowerBound, range.lowerBound + 1, range.upperBound - 1, range.upperBound]
        var power = 1
        while power <= range.upperBound {
            for candidate in [power - 1, power, power + 1] where range.contains(candidate) { picks.insert(candidate) }
            power <<= 1
        }
        var random = SplitMix64(state: seed)
        while picks.count < count { picks.insert(Int.random(in: range, using: &random)) }
        return picks.sorted()
    }

    @Test func sampledSizesCoverTheEdges() {
        #expect(Self.sizes.count == 48)
        #expect(Self.sizes.first == 1)
        #expect(Self.sizes.last == maxLeaves)
        #expect(Self.sizes.contains(4_096) && Self.sizes.contains(4_097) && Self.sizes.contains(4_095))
    }

    @Test(arguments: sizes)
    func rootsMatchTheReference(size: Int) throws {
        let naive = NaiveMerkleTree(leaves: Array(sampleLeaves.prefix(size)))
        let root = try MerkleTree.root(size: size, reader: sampleTree)
        #expect(root == naive.root(size: size))
        #expect(InMemoryMerkleTree(leafHashes: sampleLeaves.prefix(size)).root == root)
    }

    // The loops below record problems in arrays and check them once per size: `#expect` captures
    // and describes its operands, which would dominate the run time inside loops of this size.

    @Test(arguments: sizes)
    func inclusionProofsMatchTheReferenceAndResistBitFlips(size: Int) throws {
        let naive = NaiveMerkleTree(leaves: Array(sampleLeaves.prefix(size)))
        let root = naive.root(size: size)
        var problems: [String] = []
        let indices = Self.sample(0...(size - 1), count: 48, seed: UInt64(size))
        for index in indices {
            let leaf = sampleLeaves[index]
            let proof = try MerkleTree.inclusionProof(index: index, size: size, reader: sampleTree)
            func verifies(_ leaf: SHA256Digest, _ proof: [SHA256Digest], _ root: SHA256Digest) -> Bool {
                (try? MerkleProof.verifyInclusion(leafHash: leaf, index: index, size: size, proof: proof, root: root)) != nil
            }
            if proof != naive.inclusionProof(index: index, size: size) { problems.append("leaf \(index): proof differs from the reference") }
            if !verifies(leaf, proof, root) { problems.append("leaf \(index): proof does not verify") }
            for position in proof.indices {
                var bad = proof
                bad[position] = bad[position].flipping(bit: (position * 37 + index) % 256)
                if verifies(leaf, bad, root) { problems.append("leaf \(index): verifies with proof hash \(position) flipped") }
            }
            if verifies(leaf.flipping(bit: index % 256), proof, root) { problems.append("leaf \(index): verifies with the leaf flipped") }
            if verifies(leaf, proof, root.flipping(bit: size % 256)) { problems.append("leaf \(index): verifies with the root flipped") }
            if !proof.isEmpty && verifies(leaf, Array(proof.dropLast()), root) { problems.append("leaf \(index): verifies truncated") }
        }
        #expect(problems.isEmpty, "tree of \(size): \(problems.prefix(10))")
    }

    @Test(arguments: sizes)
    func consistencyProofsMatchTheReferenceAndResistBitFlips(size: Int) throws {
        let naive = NaiveMerkleTree(leaves: Array(sampleLeaves.prefix(size)))
        let newRoot = naive.root(size: size)
        var problems: [String] = []
        for oldSize in Self.sample(0...size, count: 48, seed: UInt64(size) &* 31) {
            let oldRoot = naive.root(size: oldSize)
            let proof = try MerkleTree.consistencyProof(from: oldSize, to: size, reader: sampleTree)
            func verifies(_ oldRoot: SHA256Digest, _ newRoot: SHA256Digest, _ proof: [SHA256Digest]) -> Bool {
                (try? MerkleProof.verifyConsistency(oldSize: oldSize, newSize: size, oldRoot: oldRoot, newRoot: newRoot, proof: proof)) != nil
            }
            if proof != naive.consistencyProof(from: oldSize, to: size) { problems.append("from \(oldSize): proof differs from the reference") }
            if !verifies(oldRoot, newRoot, proof) { problems.append("from \(oldSize): proof does not verify") }
            for position in proof.indices {
                var bad = proof
                bad[position] = bad[position].flipping(bit: (position * 53 + oldSize) % 256)
                if verifies(oldRoot, newRoot, bad) { problems.append("from \(oldSize): verifies with proof hash \(position) flipped") }
            }
            if verifies(oldRoot.flipping(bit: oldSize % 256), newRoot, proof) { problems.append("from \(oldSize): verifies with the old root flipped") }
            // From the empty tree nothing about the new root can be checked; otherwise it must match.
            if oldSize > 0 && verifies(oldRoot, newRoot.flipping(bit: size % 256), proof) {
                problems.append("from \(oldSize): verifies with the new root flipped")
            }
        }
        #expect(problems.isEmpty, "tree of \(size): \(problems.prefix(10))")
    }
}
