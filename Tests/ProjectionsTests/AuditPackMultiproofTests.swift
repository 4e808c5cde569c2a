import LedgerCore
import Testing
@testable import Projections

/// A small deterministic generator, so that failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct AuditPackMultiproofTests {
    static func tree(size: Int) -> (InMemoryMerkleTree, [SHA256Digest]) {
        let leaves = (0..<size).map { MerkleTree.leafHash(Array("leaf \($0)".utf8)) }
        return (InMemoryMerkleTree(leafHashes: leaves), leaves)
    }

    @Test func reproducesTheRootForEverySizeUpTo70WithRandomLeafSets() throws {
        var random = SplitMix64(state: 6962)
        for size in 1...70 {
            let (tree, leaves) = Self.tree(size: size)
            for round in 0..<8 {
                // Round 0 proves every leaf, round 1 a single one, the others random subsets.
                var seqs: [Int]
                switch round {
                case 0: seqs = Array(0..<size)
                case 1: seqs = [Int.random(in: 0..<size, using: &random)]
                default: seqs = (0..<size).filter { _ in Bool.random(using: &random) }
                }
                if seqs.isEmpty { seqs = [size - 1] }
                let proof = try AuditPackMultiproof.build(seqs: seqs, size: size, reader: tree)
                #expect(proof.count == AuditPackMultiproof.proofLength(seqs: seqs, size: size))
                let root = try AuditPackMultiproof.root(seqs: seqs, leafHashes: seqs.map { leaves[$0] }, size: size, proof: proof)
                #expect(root == tree.root, "size \(size), leaves \(seqs)")
            }
        }
    }

    @Test func aSingleLeafUsesExactlyTheHashesOfItsInclusionProof() throws {
        for size in [1, 2, 3, 5, 8, 13, 33, 70] {
            let (tree, _) = Self.tree(size: size)
            for index in 0..<size {
                let proof = try AuditPackMultiproof.build(seqs: [index], size: size, reader: tree)
                let path = try MerkleTree.inclusionProof(index: index, size: size, reader: tree)
                #expect(proof.count == path.count)
                #expect(Set(proof) == Set(path))
            }
        }
    }

    @Test func aProofOfEveryLeafIsEmptyAndOfAdjacentLeavesShares() throws {
        let (tree, _) = Self.tree(size: 16)
        #expect(try AuditPackMultiproof.build(seqs: Array(0..<16), size: 16, reader: tree).isEmpty)
        // Leaves 4–7 are one perfect subtree: the rest of the tree is two hashes, [0,4) and [8,16).
        let proof = try AuditPackMultiproof.build(seqs: [4, 5, 6, 7], size: 16, reader: tree)
        #expect(proof == [try tree.subtreeHash(level: 2, index: 0), try tree.subtreeHash(level: 3, index: 1)])
    }

    @Test func rejectsAChangedMissingOrExtraHashOrLeaf() throws {
        let size = 37
        let (tree, leaves) = Self.tree(size: size)
        let seqs = [2, 3, 17, 30, 36]
        let hashes = seqs.map { leaves[$0] }
        let proof = try AuditPackMultiproof.build(seqs: seqs, size: size, reader: tree)
        for position in proof.indices {
            var changed = proof
            changed[position] = MerkleTree.leafHash(Array("other".utf8))
            #expect(try AuditPackMultiproof.root(seqs: seqs, leafHashes: hashes, size: size, proof: changed) != tree.root)
        }
        #expect(throws: LedgerError.self) { try AuditPackMultiproof.root(seqs: seqs, leafHashes: hashes, size: size, proof: Array(proof.dropLast())) }
        #expect(throws: LedgerError.self) { try AuditPackMultiproof.root(seqs: seqs, leafHashes: hashes, size: size, proof: proof + [proof[0]]) }
        var wrongLeaf = hashes
        wrongLeaf[2] = leaves[18]
        #expect(try AuditPackMultiproof.root(seqs: seqs, leafHashes: wrongLeaf, size: size, proof: proof) != tree.root)
        // The same hashes claimed for other positions do not give the root.
        #expect(try AuditPackMultiproof.root(seqs: [2, 3, 18, 30, 36], leafHashes: hashes, size: size, proof: proof) != tree.root)
        #expect(throws: LedgerError.self) { try AuditPackMultiproof.root(seqs: [3, 2], leafHashes: [leaves[3], leaves[2]], size: size, proof: []) }
        #expect(throws: LedgerError.self) { try AuditPackMultiproof.build(seqs: [size], size: size, reader: tree) }
    }

    @Test func rangeHashOfARightEdgeEqualsTheRootOfItsLeaves() throws {
        let (tree, leaves) = Self.tree(size: 45)
        // [32, 45) is a right part of the recursion: 8 + 4 + 1 leaves.
        let direct = InMemoryMerkleTree(leafHashes: leaves[32..<45]).root
        #expect(try MerkleTree.rangeHash(from: 32, to: 45, reader: tree) == direct)
        #expect(throws: LedgerError.self) { try MerkleTree.rangeHash(from: 3, to: 7, reader: tree) }
    }
}
