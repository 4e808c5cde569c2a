import Foundation
import LedgerCore
import Testing

struct MerkleTreeTests {
    @Test func leafAndNodeHashesMatchTheHasherVectors() throws {
        let fixture = try RFC6962Fixture.load()
        #expect(MerkleTree.emptyRoot.hex == fixture.emptyRoot)
        #expect(MerkleTree.leafHash([UInt8]()).hex == fixture.hasher.emptyLeaf)
        #expect(MerkleTree.leafHash(Array("L123456".utf8)).hex == fixture.hasher.leafL123456)
        // The node vector hashes two 4-byte "children", so it goes through the naive hasher.
        #expect(SHA256.hash([0x01] + Array("N123N456".utf8)).hex == fixture.hasher.nodeN123N456)
        for (input, leaf) in zip(fixture.leafInputs, fixture.leafHashes) {
            #expect(MerkleTree.leafHash(Fixture.bytes(input)).hex == leaf)
        }
    }

    @Test func inMemoryTreeStoresEveryCompleteSubtree() throws {
        let fixture = try RFC6962Fixture.load()
        let tree = fixture.tree
        #expect(tree.size == 8)
        for (level, hashes) in fixture.levels.enumerated() {
            for (index, hash) in hashes.enumerated() {
                #expect(try tree.subtreeHash(level: level, index: index).hex == hash)
            }
        }
        #expect(throws: LedgerError.self) { try tree.subtreeHash(level: 0, index: 8) }
        #expect(throws: LedgerError.self) { try tree.subtreeHash(level: 4, index: 0) }
        #expect(throws: LedgerError.self) { try tree.subtreeHash(level: -1, index: 0) }
    }

    @Test func rootsOfTreesOfZeroToEightLeaves() throws {
        let fixture = try RFC6962Fixture.load()
        let tree = fixture.tree
        for expected in fixture.roots {
            let prefix = fixture.leafHashes.prefix(expected.size).map(Fixture.digest)
            var accumulator = MerkleAccumulator()
            for leaf in prefix { accumulator.append(leaf) }
            #expect(try MerkleTree.root(size: expected.size, reader: tree).hex == expected.root, "size \(expected.size)")
            #expect(InMemoryMerkleTree(leafHashes: prefix).root.hex == expected.root, "size \(expected.size)")
            #expect(accumulator.root.hex == expected.root, "size \(expected.size)")
        }
    }

    @Test func everyInclusionProofOfTreesOfOneToEightLeaves() throws {
        let fixture = try RFC6962Fixture.load()
        let tree = fixture.tree
        #expect(fixture.inclusion.count == 36)
        #expect(fixture.inclusion.filter(\.published).count == 7)
        for vector in fixture.inclusion {
            let proof = try MerkleTree.inclusionProof(index: vector.index, size: vector.size, reader: tree)
            #expect(proof.map(\.hex) == vector.proof, "leaf \(vector.index) of \(vector.size)")
            let root = try MerkleTree.root(size: vector.size, reader: tree)
            try MerkleProof.verifyInclusion(
                leafHash: Fixture.digest(fixture.leafHashes[vector.index]), index: vector.index, size: vector.size, proof: proof, root: root)
        }
    }

    @Test func everyConsistencyProofOfTreesOfOneToEightLeaves() throws {
        let fixture = try RFC6962Fixture.load()
        let tree = fixture.tree
        #expect(fixture.consistency.count == 36)
        #expect(fixture.consistency.filter(\.published).count == 5)
        for vector in fixture.consistency {
            let proof = try MerkleTree.consistencyProof(from: vector.oldSize, to: vector.newSize, reader: tree)
            #expect(proof.map(\.hex) == vector.proof, "\(vector.oldSize) to \(vector.newSize)")
            try MerkleProof.verifyConsistency(
                oldSize: vector.oldSize, newSize: vector.newSize,
                oldRoot: MerkleTree.root(size: vector.oldSize, reader: tree), newRoot: MerkleTree.root(size: vector.newSize, reader: tree),
                proof: proof)
        }
        #expect(try MerkleTree.consistencyProof(from: 0, to: 8, reader: tree).isEmpty)
    }

    @Test func realCertificateTransparencyLogVector() throws {
        let log = try RFC6962Fixture.load().realLog
        let leaf = MerkleTree.leafHash(Fixture.bytes(log.leafInput))
        #expect(leaf.hex == log.leafHash)
        let root = Fixture.digest(log.root)
        let path = log.inclusion.map(Fixture.digest)
        try MerkleProof.verifyInclusion(leafHash: leaf, index: log.index, size: log.size, proof: path, root: root)
        let consistency = log.consistency.map(Fixture.digest)
        try MerkleProof.verifyConsistency(
            oldSize: log.oldSize, newSize: log.size, oldRoot: Fixture.digest(log.oldRoot), newRoot: root, proof: consistency)

        #expect(throws: LedgerError.self) {
            try MerkleProof.verifyInclusion(leafHash: leaf, index: log.index + 1, size: log.size, proof: path, root: root)
        }
        #expect(throws: LedgerError.self) {
            try MerkleProof.verifyConsistency(
                oldSize: log.oldSize + 1, newSize: log.size, oldRoot: Fixture.digest(log.oldRoot), newRoot: root, proof: consistency)
        }
    }

    @Test func subtreeHashesToStoreBuildTheSameTreeAsTheInMemoryOne() throws {
        // Given a store that writes what subtreeHashesToStore returns for each appended leaf
        var store = DictionaryHashReader()
        var tree = InMemoryMerkleTree()
        var records = 0
        for i in 0..<300 {
            let leaf = MerkleTree.leafHash(Array("entry \(i)".utf8))
            let new = try MerkleTree.subtreeHashesToStore(leafIndex: i, leafHash: leaf, reader: store)
            // Then the records are the leaf and one parent per trailing 1 bit of the index
            #expect(new.count == 1 + (~i).trailingZeroBitCount, "leaf \(i)")
            #expect(new.first == MerkleSubtreeHash(level: 0, index: i, hash: leaf))
            for record in new { store.hashes[.init(level: record.level, index: record.index)] = record.hash }
            records += new.count
            tree.append(leaf)
            // And every stored hash equals the in-memory tree's, so roots and proofs agree
            for record in new { #expect(try tree.subtreeHash(level: record.level, index: record.index) == record.hash) }
            #expect(try MerkleTree.root(size: i + 1, reader: store) == tree.root)
        }
        #expect(records == 2 * 300 - 300.nonzeroBitCount)
        #expect(try MerkleTree.inclusionProof(index: 123, size: 300, reader: store) == MerkleTree.inclusionProof(index: 123, size: 300, reader: tree))
        #expect(try MerkleTree.consistencyProof(from: 77, to: 300, reader: store) == MerkleTree.consistencyProof(from: 77, to: 300, reader: tree))
    }

    @Test func proofsReadLogarithmicallyManyHashes() throws {
        let tree = InMemoryMerkleTree(leafHashes: (0..<4097).map { MerkleTree.leafHash([UInt8(truncatingIfNeeded: $0), UInt8($0 >> 8)]) })
        let reader = CountingReader(tree)
        _ = try MerkleTree.root(size: 4097, reader: reader)
        #expect(reader.reads == 2)
        for index in [0, 1, 2048, 4095, 4096] {
            let before = reader.reads
            _ = try MerkleTree.inclusionProof(index: index, size: 4097, reader: reader)
            #expect(reader.reads - before <= 2 * 13, "leaf \(index)")
        }
        for oldSize in [1, 3, 1000, 2049, 4096] {
            let before = reader.reads
            _ = try MerkleTree.consistencyProof(from: oldSize, to: 4097, reader: reader)
            #expect(reader.reads - before <= 2 * 13, "from \(oldSize)")
        }
    }

    @Test func badArgumentsAndMissingHashesThrow() throws {
        let tree = try RFC6962Fixture.load().tree
        #expect(throws: LedgerError.self) { try MerkleTree.root(size: -1, reader: tree) }
        #expect(throws: LedgerError.self) { try MerkleTree.root(size: 9, reader: tree) }
        let outside = #expect(throws: LedgerError.self) { try MerkleTree.inclusionProof(index: 8, size: 8, reader: tree) }
        #expect(outside?.evidence == .indexOutOfRange(index: 8, size: 8))
        #expect(throws: LedgerError.self) { try MerkleTree.inclusionProof(index: -1, size: 8, reader: tree) }
        #expect(throws: LedgerError.self) { try MerkleTree.inclusionProof(index: 0, size: 9, reader: tree) }
        let order = #expect(throws: LedgerError.self) { try MerkleTree.consistencyProof(from: 5, to: 3, reader: tree) }
        #expect(order?.evidence == .sizesOutOfOrder(oldSize: 5, newSize: 3))
        #expect(throws: LedgerError.self) { try MerkleTree.consistencyProof(from: 3, to: 9, reader: tree) }
        #expect(throws: LedgerError.self) { try MerkleTree.subtreeHashesToStore(leafIndex: -1, leafHash: .zero, reader: tree) }
    }

    @Test func inMemoryTreeIsAValue() throws {
        let fixture = try RFC6962Fixture.load()
        let original = fixture.tree
        var copy = original
        copy.append(.zero)
        #expect(original.size == 8)
        #expect(copy.size == 9)
        #expect(original.root.hex == fixture.roots[8].root)
        #expect(copy != original)
    }
}
